// zod's own words, for every rule a schema does not word itself, in plain Ukrainian: «поле
// обов’язкове», «очікується текст», never «очікується string, отримано undefined». They carry no
// field name (zod does not know a field's label): the answer adds it (namedFieldMessage). The
// server and the browser both configure zod with them. Pure: zod only.
import { z } from 'zod';

const KINDS: Record<string, string> = {
  string: 'текст',
  number: 'число',
  int: 'ціле число',
  bigint: 'ціле число',
  boolean: 'так або ні (true чи false)',
  array: 'список',
  object: 'об’єкт із полями',
  date: 'дата',
  null: 'порожнє значення (null)',
};

/** The choices, a dozen at most: the API document lists them all. */
const quoted = (values: readonly unknown[]): string =>
  values.slice(0, 12).map((value) => `«${String(value)}»`).join(', ') + (values.length > 12 ? ' …' : '');

/** The message for an issue no schema worded, or undefined to leave it to the Ukrainian locale. */
export function plainMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'поле обов’язкове' : `очікується ${KINDS[issue.expected] ?? 'інше значення'}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `має бути ${quoted(issue.values)}` : `оберіть одне з: ${quoted(issue.values)}`;
    case 'invalid_union': {
      // A request of several kinds (a call's event by its type): which kinds there are.
      const { options, discriminator } = issue as { options?: unknown[]; discriminator?: string };
      if (!options) return undefined;
      const input: unknown = issue.input;
      const given = discriminator && input && typeof input === 'object' ? (input as Record<string, unknown>)[discriminator] : input;
      return given === undefined ? 'поле обов’язкове' : `оберіть одне з: ${quoted(options)}`;
    }
    case 'too_big':
    case 'too_small': {
      const bound = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
      const unit = issue.origin === 'string' ? ' символів' : issue.origin === 'array' || issue.origin === 'set' ? ' елементів' : '';
      if (issue.origin === 'string' && issue.code === 'too_small' && bound === 1) return 'поле обов’язкове';
      const relation = issue.code === 'too_big' ? (issue.inclusive === false ? 'менше' : 'не більше') : (issue.inclusive === false ? 'більше' : 'не менше');
      return `${relation} ${bound}${unit}`;
    }
    default:
      return undefined;
  }
}

/** Ukrainian for everything, the plain words above first. */
export function usePlainZodMessages(): void {
  z.config(z.locales.uk());
  z.config({ customError: plainMessage });
}

// A schema's own message starts with its field's label («Прізвище: …»); zod's never names one.
const NAMED = /^[^:]{1,60}: /;

/** «Прізвище: поле обов’язкове» as the schema worded it, or the field's place in the request before zod's words. */
export function namedFieldMessage(field: string, message: string): string {
  if (NAMED.test(message)) return message;
  // zod's locale starts its sentences with a capital («Неправильний UUID»); after the colon it is lower case.
  const plain = /^\p{Lu}\p{Ll}/u.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message;
  return `Поле «${field}»: ${plain}`;
}
