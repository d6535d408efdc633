import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appealRegisteredMail, escapeHtml, type RegisteredAppealFacts } from './message.ts';

const facts: RegisteredAppealFacts = {
  id: '0b7f3c52-9d1e-4f7a-8a51-3f7d2c0e9a11',
  registrationNumber: 'ЄКЦ-2026-000123',
  kind: 'request',
  registeredAt: new Date('2026-07-01T06:05:00Z'),
  essence: 'Прошу повідомити <дату> засідання',
  applicant: { surname: 'Гнатюк', givenName: 'Оксана', patronymic: 'Іванівна', residence: 'м. Рівне', phone: '+380671234567', email: null },
  registrar: { role: 'supervisor', fullName: 'Ігор Миколайович Шевченко', operatorNumber: null },
};

describe('A2: the new-appeal e-mail', () => {
  test('A2: subject names the number and the kind; times are Kyiv time (summer, UTC+3)', () => {
    const mail = appealRegisteredMail(facts, { publicUrl: 'https://dovira.example.org', sentAt: new Date('2026-07-01T06:06:00Z') });
    assert.equal(mail.subject, 'Нове усне звернення ЄКЦ-2026-000123 (прохання)');
    assert.ok(mail.text.includes('Зареєстровано: 01.07.2026, 09:05 (за київським часом)'));
    assert.ok(mail.text.includes('направити до органу судової влади сьогодні (01.07.2026), до 23:59'));
    assert.ok(mail.text.includes('не пізніше 16.07.2026, якщо звернення не потребує додаткового вивчення, інакше не пізніше 01.08.2026'));
    assert.ok(mail.text.includes('Звернення в Dovira: https://dovira.example.org/api/v1/appeals/0b7f3c52-9d1e-4f7a-8a51-3f7d2c0e9a11'));
  });

  test('A2: an appeal registered by a supervisor names the role; a missing e-mail is said so', () => {
    const mail = appealRegisteredMail(facts, { publicUrl: 'http://127.0.0.1:3000', sentAt: facts.registeredAt });
    assert.ok(mail.text.includes('Хто зареєстрував: керівник зміни Ігор Миколайович Шевченко'));
    assert.ok(mail.text.includes('Електронна пошта: не вказано'));
  });

  test('A2: everything in the HTML body is escaped, the plain text keeps the words as typed', () => {
    const mail = appealRegisteredMail(facts, { publicUrl: 'http://127.0.0.1:3000', sentAt: facts.registeredAt });
    assert.ok(mail.text.includes('Прошу повідомити <дату> засідання'));
    assert.ok(mail.html.includes('Прошу повідомити &lt;дату&gt; засідання'));
    assert.ok(!mail.html.includes('<дату>'));
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
