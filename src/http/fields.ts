// Field rules shared by every form: people's names, free text, phones, e-mails.
import { z } from 'zod';
import { PHONE_FORMATS, readTypedPhone } from '../phones/numbers.ts';

/** Ukrainian is written with ’, ʼ or a plain ' for the apostrophe; we store one form, the Standard's ’. */
export function normaliseApostrophes(text: string): string {
  return text.replace(/['ʼ`´‘ʹ]/g, '’');
}

// Control characters other than tab and line breaks never come from a keyboard.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// A lone half of a UTF-16 pair (JSON's "\ud800") is no character at all and cannot be stored.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Anything shaped like an HTML tag: text is shown in browsers and e-mails, so markup is refused outright.
// (Only its start is looked for: «<», maybe «/», then a letter, «!» or «?».)
const MARKUP = /<\s*(?:\/\s*)?[a-zA-Z!?]/;

/** A missing field is «обов’язкове», one of another type «очікується текст»: each under its label. */
export function textExpected(label: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? `${label}: поле обов’язкове` : `${label}: очікується текст`);
}

function tidy(text: string): string {
  return normaliseApostrophes(text.normalize('NFC')).replace(/[ \t]+/g, ' ').trim();
}

/**
 * Tidied text of 1..max characters, then whatever else `rules` demands of it. The length is first
 * checked on the text as sent, before any tidying or pattern, with room for the spaces tidying
 * removes, so that an oversize text costs no more than its length.
 */
function tidiedText(max: number, label: string, rules: (text: z.ZodString) => z.ZodType<string, string>) {
  return z
    .string({ error: textExpected(label) })
    .max(2 * max, `${label}: не довше ${max} символів`)
    .transform(tidy)
    .pipe(rules(z.string().min(1, `${label}: поле обов’язкове`).max(max, `${label}: не довше ${max} символів`)));
}

/** Free text typed by an operator: trimmed, length-limited, no markup and no control characters. */
export function freeText(max: number, label: string) {
  return tidiedText(max, label, (text) => text
    .refine((t) => !CONTROL.test(t), `${label}: містить недопустимі керівні символи`)
    .refine((t) => !LONE_SURROGATE.test(t), `${label}: містить недопустимі символи`)
    .refine((t) => !MARKUP.test(t), `${label}: HTML-розмітка не допускається`));
}

// Letters of any alphabet, with spaces, hyphens, apostrophes and dots between them (О. Генрі, Жан-Поль, Мар’яна).
const NAME = /^\p{L}+(?:[ \-’.]+\p{L}+)*\.?$/u;

/** A person's name or a part of it. SQL- or HTML-looking input cannot pass this pattern. */
export function personName(max: number, label: string) {
  return tidiedText(max, label, (text) => text.regex(NAME, `${label}: лише літери, пробіл, дефіс та апостроф`));
}

/** A phone number as a person types it, stored in E.164 (what is accepted: src/phones/numbers.ts). */
export function phone(label = 'Телефон') {
  return z
    .string({ error: textExpected(label) })
    .max(30, `${label}: занадто довгий`)
    .transform((value, ctx) => {
      const e164 = readTypedPhone(value);
      if (e164 === null) {
        ctx.addIssue({ code: 'custom', message: `${label}: ${PHONE_FORMATS}` });
        return z.NEVER;
      }
      return e164;
    });
}

export function email(label = 'Електронна пошта') {
  return z
    .string({ error: textExpected(label) })
    .trim()
    .max(254, `${label}: занадто довга`)
    .pipe(z.email(`${label}: некоректна адреса`));
}
