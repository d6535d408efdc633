// Rules for what supervisors write into the knowledge base.
import { z } from 'zod';
import { freeText, textExpected } from '../http/fields.ts';

export const MAX_BODY_LENGTH = 50_000;
export const MAX_TAGS = 20;

// The same rules as the shared free-text fields (src/http/fields.ts), kept for Markdown, where
// indentation, line breaks and `code` carry meaning and so are not tidied away.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const MARKUP = /<\s*(?:\/\s*)?[a-zA-Z!?]/;
// Apostrophes between letters take the stored form ’; a backtick elsewhere is Markdown code.
const WORD_APOSTROPHE = /(?<=\p{L})['ʼ`´‘ʹ](?=\p{L})/gu;

/** Blank lines before the first line of text and white space after the last go; indentation stays. */
function trimBlankLines(text: string): string {
  const trimmed = text.trimEnd();
  const indentation = trimmed.length - trimmed.trimStart().length;
  return trimmed.slice(trimmed.lastIndexOf('\n', indentation - 1) + 1);
}

/** An article's text in Markdown: **жирний**, lists, [посилання](https://…), > цитати; no HTML. */
export function markdownBody(max: number, label: string) {
  return z
    .string({ error: textExpected(label) })
    // Checked before any tidying, so that no work is done on an oversize text; \r\n may halve it.
    .max(2 * max, `${label}: не довше ${max} символів`)
    .transform((text) => trimBlankLines(text.normalize('NFC').replace(/\r\n?/g, '\n').replace(WORD_APOSTROPHE, '’')))
    .pipe(z.string()
      .min(1, `${label}: поле обов’язкове`)
      .max(max, `${label}: не довше ${max} символів`)
      .refine((t) => !CONTROL.test(t), `${label}: містить недопустимі керівні символи`)
      .refine((t) => !MARKUP.test(t), `${label}: HTML-розмітка не допускається (Markdown дозволено; посилання пишіть як [текст](https://…))`));
}

export const articleTitle = freeText(200, 'Назва');

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// An article is read by id or by slug, so a slug must never look like an id.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const slugField = z
  .string({ error: 'Адреса статті: очікується текст' })
  .trim()
  .min(3, 'Адреса статті: щонайменше 3 символи')
  .max(100, 'Адреса статті: не довше 100 символів')
  .regex(SLUG, 'Адреса статті: лише малі латинські літери, цифри та дефіси між ними')
  .refine((slug) => !UUID.test(slug), 'Адреса статті не може мати вигляд ідентифікатора');

export function isArticleId(value: string): boolean {
  return UUID.test(value.toLowerCase());
}

export function isSlug(value: string): boolean {
  return SLUG.test(value) && value.length <= 100;
}

// A tag is a word or a few: letters, digits, spaces, hyphens, apostrophes.
const TAG = /^[\p{L}\p{N}]+(?:[ \-’][\p{L}\p{N}]+)*$/u;

/** A tag as stored: tidied, lower case, the apostrophe as ’. */
export function normaliseTag(tag: string): string {
  return tag.normalize('NFC').replace(/['ʼ`´‘ʹ]/g, '’').replace(/\s+/g, ' ').trim().toLocaleLowerCase('uk');
}

export const tagField = z
  .string({ error: 'Тег: очікується текст' })
  .max(200, 'Тег: не довше 50 символів')
  .transform(normaliseTag)
  .pipe(z.string().min(1, 'Тег: не може бути порожнім').max(50, 'Тег: не довше 50 символів').regex(TAG, 'Тег: лише літери, цифри, пробіл, дефіс та апостроф'));

export const tagsField = z
  .array(tagField, { error: 'Теги: очікується список' })
  .max(MAX_TAGS, `Теги: не більше ${MAX_TAGS}`)
  .transform((tags) => [...new Set(tags)]);
