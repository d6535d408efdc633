// What the applicant is told of the forwarding (A3: «про що повідомляється заявнику»), the same
// words by SMS and by e-mail.
import { KYIV_TIME_ZONE } from '../standard/index.ts';
import { CONTACT_CENTRE } from './letter.ts';

const kyivDay = new Intl.DateTimeFormat('uk-UA', { timeZone: KYIV_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });

export interface NoticeFacts {
  registrationNumber: string;
  bodyName: string;
  forwardedAt: Date;
}

export function applicantNoticeText(facts: NoticeFacts): string {
  return `Ваше звернення № ${facts.registrationNumber} ${kyivDay.format(facts.forwardedAt)} направлено за належністю до органу судової влади: ` +
    `${facts.bodyName} (ст. 7 Закону України «Про звернення громадян»). ${CONTACT_CENTRE.name}, тел. ${CONTACT_CENTRE.phone}`;
}
