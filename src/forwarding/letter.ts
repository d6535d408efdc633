// The forwarding letter (супровідний лист) that sends an oral appeal to the competent judicial body
// (A3; Law «Про звернення громадян», art. 7), as a PDF with the appeal card. The font is embedded:
// the letter must read the same on any court's computer.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { KYIV_TIME_ZONE } from '../standard/index.ts';

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** The contact centre's published contacts, from the header of its Communication Standard. */
export const CONTACT_CENTRE = {
  name: 'Єдиний контакт-центр судової влади України',
  phone: '044 207-35-46',
  email: 'help-info@ics.gov.ua',
} as const;

export interface ForwardingLetter {
  registrationNumber: string;
  registeredAt: Date;
  forwardedAt: Date;
  body: { name: string };
  reason: string;
  kindLabel: string;
  applicant: { fullName: string; residence: string; phone: string; email: string | null };
  essence: string;
  /** The operator who took the appeal, «Оператор № 17, Олена Петрівна Коваленко». */
  registeredBy: string;
  /** Who forwards it, with their position. */
  forwardedBy: string;
}

const kyivDateTime = new Intl.DateTimeFormat('uk-UA', { timeZone: KYIV_TIME_ZONE, dateStyle: 'long', timeStyle: 'short' });
const kyivDay = new Intl.DateTimeFormat('uk-UA', { timeZone: KYIV_TIME_ZONE, dateStyle: 'long' });

export function renderForwardingLetter(letter: ForwardingLetter): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 70, right: 56 },
    info: { Title: `Направлення звернення ${letter.registrationNumber}`, Author: CONTACT_CENTRE.name, CreationDate: letter.forwardedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);

  doc.font('bold').fontSize(12).text(CONTACT_CENTRE.name);
  doc.font('regular').fontSize(9).text(`тел. ${CONTACT_CENTRE.phone}, ${CONTACT_CENTRE.email}`);
  doc.moveDown(1.5);
  doc.fontSize(11).text(`${kyivDay.format(letter.forwardedAt)} № ${letter.registrationNumber}`);
  doc.moveDown();
  doc.font('bold').text(letter.body.name, { align: 'right' });
  doc.moveDown(1.5);
  doc.font('bold').text('Про направлення усного звернення за належністю', { align: 'center' });
  doc.moveDown();
  doc.font('regular').text(
    `Відповідно до статті 7 Закону України «Про звернення громадян» направляємо за належністю усне звернення, ` +
      `зареєстроване Єдиним контакт-центром судової влади України ${kyivDateTime.format(letter.registeredAt)} за № ${letter.registrationNumber}. ` +
      `Про направлення звернення заявника повідомлено.`,
    { align: 'justify' },
  );
  doc.moveDown(0.5);
  doc.text(`Підстава направлення: ${letter.reason}`, { align: 'justify' });
  doc.moveDown(1.5);

  doc.font('bold').text('Картка звернення');
  doc.moveDown(0.3);
  const rows: [string, string][] = [
    ['Реєстраційний номер', letter.registrationNumber],
    ['Дата і час реєстрації', kyivDateTime.format(letter.registeredAt)],
    ['Вид звернення', letter.kindLabel],
    ['Заявник', letter.applicant.fullName],
    ['Місце проживання', letter.applicant.residence],
    ['Контактний телефон', letter.applicant.phone],
    ['Електронна адреса', letter.applicant.email ?? 'не повідомлено'],
    ['Прийняв', letter.registeredBy],
  ];
  for (const [label, value] of rows) {
    doc.font('bold').text(`${label}: `, { continued: true }).font('regular').text(value);
  }
  doc.moveDown(0.3);
  doc.font('bold').text('Суть порушеного питання:');
  doc.font('regular').text(letter.essence);
  doc.moveDown(2);
  doc.text(letter.forwardedBy);
  doc.end();
  return done;
}
