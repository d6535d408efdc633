// Text PostgreSQL cannot store: NUL (text and jsonb refuse it, error 22021) and a lone half of a
// UTF-16 pair (no character at all; the driver would store U+FFFD instead of what was sent). Checked
// once for every request, before any route sees it, so no field of any route can reach the database
// with either and turn a typing accident or an attack into a 500.
import type { FastifyRequest } from 'fastify';
import { HttpProblem, type FieldError } from './problem.ts';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the text holds a character that cannot be stored as sent. */
export function unstorable(text: string): boolean {
  return text.includes('\u0000') || LONE_SURROGATE.test(text);
}

/** The first places in a parsed value (object keys included) holding unstorable text; `path` names the value. */
export function unstorableFields(value: unknown, path: string, found: string[] = [], depth = 0): string[] {
  if (found.length >= 10 || depth > 64) return found;
  if (typeof value === 'string') {
    if (unstorable(value)) found.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => unstorableFields(item, join(path, String(index)), found, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (unstorable(key)) found.push(join(path, key.replace(/[\u0000\ud800-\udfff]/g, '�')));
      else unstorableFields(item, join(path, key), found, depth + 1);
    }
  }
  return found;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** A preValidation hook: refuses the request with 400 naming every field that holds unstorable text. */
export async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  const fields = [
    ...unstorableFields(request.params, ''),
    ...unstorableFields(request.query, ''),
    ...unstorableFields(request.body, ''),
  ];
  if (fields.length === 0) return;
  const errors: FieldError[] = fields.map((field) => ({ field: field || 'body', message: 'Містить недопустимі символи: нульовий символ або половину символу UTF-16' }));
  throw new HttpProblem(400, 'validation', 'Запит містить символи, яких не може бути в тексті: приберіть їх і надішліть ще раз', { errors });
}
