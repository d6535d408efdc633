// The e-mails of forwarding: the letter to the receiving body with its PDF (A3), and the notice to
// the applicant. Rendered when sent, from the register and the stored forwarding.
import type { Db } from '../db/database.ts';
import type { TopicMail } from '../notifications/dispatcher.ts';
import type { MailAttachment } from '../notifications/mailer.ts';
import { escapeHtml, type RenderedMail } from '../notifications/message.ts';
import { APPEAL_KINDS, type AppealKind } from '../standard/index.ts';
import { CONTACT_CENTRE } from './letter.ts';
import { applicantNoticeText } from './notice.ts';

export interface ForwardedFacts {
  appealId: string;
  registrationNumber: string;
  kind: AppealKind;
  bodyName: string;
  forwardedAt: Date;
  letterPdf: Buffer;
}

export async function forwardedFacts(db: Db, appealId: string): Promise<ForwardedFacts | undefined> {
  const row = await db.selectFrom('appeal_forwardings as f')
    .innerJoin('appeal_register as a', 'a.id', 'f.appeal_id')
    .innerJoin('judicial_bodies as b', 'b.id', 'f.judicial_body_id')
    .select(['a.id', 'a.registration_number', 'a.kind', 'b.name', 'f.forwarded_at', 'f.letter_pdf'])
    .where('f.appeal_id', '=', appealId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { appealId: row.id, registrationNumber: row.registration_number, kind: row.kind as AppealKind, bodyName: row.name, forwardedAt: row.forwarded_at, letterPdf: row.letter_pdf };
}

function html(title: string, paragraphs: string[]): string {
  return [
    '<!doctype html>',
    `<html lang="uk"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family:sans-serif">',
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    '</body></html>',
    '',
  ].join('\n');
}

/** To the receiving body's official address, with the letter and the appeal card attached. */
export function forwardedMail(facts: ForwardedFacts, publicUrl: string): RenderedMail & { attachments: MailAttachment[] } {
  const subject = `Направлення усного звернення ${facts.registrationNumber} за належністю`;
  const paragraphs = [
    `${CONTACT_CENTRE.name} відповідно до статті 7 Закону України «Про звернення громадян» направляє за належністю до органу «${facts.bodyName}» усне звернення № ${facts.registrationNumber} (${APPEAL_KINDS[facts.kind]}).`,
    'Супровідний лист із карткою звернення — у вкладенні (PDF).',
    `Працівник апарату суду підтверджує отримання і вносить відповідь заявнику в Dovira: ${publicUrl}/clerk/appeals/${facts.appealId}`,
    'Лист надіслано автоматично. Він містить персональні дані заявника.',
  ];
  return {
    subject,
    text: paragraphs.join('\n\n') + '\n',
    html: html(subject, paragraphs),
    attachments: [{ filename: `${facts.registrationNumber}.pdf`, content: facts.letterPdf, contentType: 'application/pdf' }],
  };
}

/** To the applicant: the appeal was forwarded, where and when. */
export function applicantInformedMail(facts: ForwardedFacts): RenderedMail {
  const subject = `Ваше звернення ${facts.registrationNumber} направлено за належністю`;
  const paragraphs = [applicantNoticeText(facts), 'Лист надіслано автоматично; відповідати на нього не потрібно.'];
  return { subject, text: paragraphs.join('\n\n') + '\n', html: html(subject, paragraphs) };
}

/** A3: how the dispatcher renders the letter to the receiving body and the notice to the applicant. */
export const forwardingTopicMails: { 'appeal.forwarded': TopicMail; 'applicant.informed': TopicMail } = {
  'appeal.forwarded': async (db, appealId, { publicUrl }) => {
    const facts = await forwardedFacts(db, appealId);
    return facts ? forwardedMail(facts, publicUrl) : null;
  },
  'applicant.informed': async (db, appealId) => {
    const facts = await forwardedFacts(db, appealId);
    return facts ? applicantInformedMail(facts) : null;
  },
};
