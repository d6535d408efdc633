import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { renderForwardingLetter, type ForwardingLetter } from './letter.ts';
import { pdfText } from './test-pdf.ts';

const letter: ForwardingLetter = {
  registrationNumber: 'ЄКЦ-2026-000123',
  registeredAt: new Date('2026-11-25T08:15:00Z'),
  forwardedAt: new Date('2026-11-25T09:40:00Z'),
  body: { name: 'Житомирський районний суд Житомирської області' },
  reason: 'вирішення питання належить до компетенції суду, у провадженні якого перебуває справа',
  kindLabel: 'скарга',
  applicant: { fullName: 'Шевчук Мар’яна Олексіївна', residence: 'м. Житомир, вул. Київська, 10', phone: '+380671234567', email: null },
  essence: 'Не можу дізнатися стан розгляду своєї справи про аліменти; прошу повідомити дату засідання & причину відкладення.',
  registeredBy: 'Оператор № 17, Олена Петрівна Коваленко',
  forwardedBy: 'Керівник зміни Ігор Миколайович Шевченко',
};

describe('A3: the forwarding letter', () => {
  test('A3: a PDF with its Cyrillic font embedded, the appeal card, number, date, operator and reason', async () => {
    const pdf = await renderForwardingLetter(letter);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.ok(pdf.includes('/FontFile2'), 'the TrueType font is embedded, not referenced');
    const text = await pdfText(pdf);
    for (const expected of [
      'Єдиний контакт-центр судової влади України',
      '044 207-35-46',
      'Житомирський районний суд Житомирської області',
      'Про направлення усного звернення за належністю',
      'статті 7 Закону України «Про звернення громадян»',
      'ЄКЦ-2026-000123',
      '25 листопада 2026',
      '10:15', // 08:15 UTC is 10:15 in Kyiv in November
      'Шевчук Мар’яна Олексіївна',
      'Електронна адреса: не повідомлено',
      'скарга',
      'дату засідання & причину відкладення',
      'Оператор № 17, Олена Петрівна Коваленко',
      'Підстава направлення: вирішення питання належить до компетенції суду',
      'Керівник зміни Ігор Миколайович Шевченко',
    ]) {
      assert.ok(text.includes(expected), `the letter says «${expected}»: ${text}`);
    }
  });

  test('A3: a long essence flows onto a second page instead of being cut', async () => {
    const essence = 'Дуже довгий опис суті звернення, який займає багато місця. '.repeat(120) + 'КІНЕЦЬ-ТЕКСТУ';
    const text = await pdfText(await renderForwardingLetter({ ...letter, essence }));
    assert.ok(text.includes('КІНЕЦЬ-ТЕКСТУ'));
  });
});
