import { z } from 'zod';
import { HttpProblem } from './problem.ts';

/**
 * Keyset pagination: the cursor is the (time, id) of the last row seen, so pages stay stable while
 * new calls and appeals arrive, unlike OFFSET.
 */
export interface Cursor {
  at: string;
  id: string;
}

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(50).describe('Скільки записів на сторінці (1-100)'),
  cursor: z.string().max(200).optional().describe('Значення nextCursor з попередньої сторінки'),
};

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify({ at: at.toISOString(), id })).toString('base64url');
}

/** What a list's rows are keyed by: uuids for most, numbers for the audit trail and the deliveries. */
export type CursorId = 'uuid' | 'bigint';

const CURSOR_IDS: Record<CursorId, z.ZodType<string>> = {
  uuid: z.uuid(),
  bigint: z.string().regex(/^[1-9]\d{0,17}$/),
};

// Years PostgreSQL's timestamptz takes as written; a cursor of year 0 would be refused there, not here.
const cursorInstant = z.iso.datetime().refine((at) => {
  const year = new Date(at).getUTCFullYear();
  return year >= 1 && year <= 9999;
});

/** The cursor a list gave out; anything else (edited, truncated, of another list) is a 400 naming the field. */
export function decodeCursor(cursor: string | undefined, idKind: CursorId): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return z.strictObject({ at: cursorInstant, id: CURSOR_IDS[idKind] }).parse(value);
  } catch {
    throw badCursor();
  }
}

export function badCursor(): HttpProblem {
  return new HttpProblem(400, 'bad-cursor', 'Некоректний курсор сторінки: почніть з першої сторінки', {
    errors: [{ field: 'cursor', message: 'Некоректне значення: візьміть nextCursor з попередньої сторінки' }],
  });
}

/** Takes limit+1 rows and tells whether there is a next page. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => { at: Date; id: string }): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(keyOf(last).at, keyOf(last).id) : null;
  return { items, nextCursor };
}
