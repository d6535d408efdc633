// The e-mail that tells management of a new oral appeal (A2), in Ukrainian, as plain text and HTML.
// Supervisors see the applicant's personal data in it: it is an internal message of the centre.
import type { Role } from '../db/schema.ts';
import { APPEAL_KINDS, appealDueDates, introduction, isPastDue, kyivDate, KYIV_TIME_ZONE, type AppealKind } from '../standard/index.ts';

/** What the message says, read from the register when it is sent. */
export interface RegisteredAppealFacts {
  id: string;
  registrationNumber: string;
  kind: AppealKind;
  registeredAt: Date;
  essence: string;
  applicant: {
    surname: string;
    givenName: string;
    patronymic: string;
    residence: string;
    phone: string;
    email: string | null;
  };
  registrar: { role: Role; fullName: string; operatorNumber: number | null };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const ROLE_TITLES: Record<Role, string> = {
  operator: 'оператор',
  supervisor: 'керівник зміни',
  admin: 'адміністратор',
  court_clerk: 'працівник апарату суду',
  pbx: 'телефонна станція',
};

const kyivMinute = new Intl.DateTimeFormat('uk-UA', {
  timeZone: KYIV_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
});

/** '2026-11-25' → '25.11.2026'. */
function ukrainianDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A3: the same-day forwarding deadline, said relative to the day the message is read. */
function forwardingDeadline(due: string, sentAt: Date): string {
  if (kyivDate(sentAt) === due) return `сьогодні (${ukrainianDate(due)}), до 23:59`;
  if (isPastDue(due, sentAt)) return `до 23:59 ${ukrainianDate(due)} — строк минув`;
  return `до 23:59 ${ukrainianDate(due)}`;
}

export function registrarLine(registrar: RegisteredAppealFacts['registrar']): string {
  if (registrar.operatorNumber !== null) return introduction(registrar.operatorNumber, registrar.fullName);
  return `${ROLE_TITLES[registrar.role]} ${registrar.fullName}`;
}

export function appealRegisteredMail(facts: RegisteredAppealFacts, options: { publicUrl: string; sentAt: Date }): RenderedMail {
  const kindLabel = APPEAL_KINDS[facts.kind];
  const due = appealDueDates(facts.registeredAt);
  const a = facts.applicant;
  const link = `${options.publicUrl}/api/v1/appeals/${facts.id}`;
  const fields: [string, string][] = [
    ['Номер', facts.registrationNumber],
    ['Вид', kindLabel],
    ['Зареєстровано', `${kyivMinute.format(facts.registeredAt)} (за київським часом)`],
    ['Хто зареєстрував', registrarLine(facts.registrar)],
    ['Заявник', `${a.surname} ${a.givenName} ${a.patronymic}`],
    ['Місце проживання', a.residence],
    ['Телефон', a.phone],
    ['Електронна пошта', a.email ?? 'не вказано'],
  ];
  const deadlines = [
    `якщо питання поза компетенцією контакт-центру — направити до органу судової влади ${forwardingDeadline(due.forwardingSameDay, options.sentAt)} (Стандарт, A3);`,
    `розгляд — не пізніше ${ukrainianDate(due.considerationWithoutStudy)}, якщо звернення не потребує додаткового вивчення, інакше не пізніше ${ukrainianDate(due.consideration)} (ст. 20 Закону України «Про звернення громадян»).`,
  ];
  const intro = 'До реєстру Єдиного контакт-центру судової влади України внесено нове усне звернення.';
  const footer = 'Лист надіслано автоматично (Стандарт, A2). Він містить персональні дані заявника: не пересилайте його за межі контакт-центру.';

  const text = [
    intro,
    '',
    ...fields.map(([label, value]) => `${label}: ${value}`),
    '',
    'Суть питання:',
    facts.essence,
    '',
    'Строки:',
    ...deadlines.map((line) => `- ${line}`),
    '',
    `Звернення в Dovira: ${link}`,
    '',
    footer,
    '',
  ].join('\n');

  const rows = fields.map(([label, value]) => `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`);
  const html = [
    '<!doctype html>',
    '<html lang="uk"><head><meta charset="utf-8"><title>' + escapeHtml(subjectOf(facts)) + '</title></head>',
    '<body style="font-family:sans-serif">',
    `<p>${escapeHtml(intro)}</p>`,
    `<table>${rows.join('')}</table>`,
    '<h3>Суть питання</h3>',
    `<p>${escapeHtml(facts.essence).replace(/\r?\n/g, '<br>')}</p>`,
    '<h3>Строки</h3>',
    `<ul>${deadlines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
    `<p><a href="${escapeHtml(link)}">Відкрити звернення ${escapeHtml(facts.registrationNumber)} у Dovira</a></p>`,
    `<p style="color:#555">${escapeHtml(footer)}</p>`,
    '</body></html>',
    '',
  ].join('\n');

  return { subject: subjectOf(facts), text, html };
}

function subjectOf(facts: RegisteredAppealFacts): string {
  return `Нове усне звернення ${facts.registrationNumber} (${APPEAL_KINDS[facts.kind]})`;
}
