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

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const parsed = z.object({ at: z.iso.datetime(), id: z.string().min(1).max(100) }).parse(value);
    return parsed;
  } catch {
    throw new HttpProblem(400, 'bad-cursor', 'Некоректний курсор сторінки: почніть зі першої сторінки', {
      errors: [{ field: 'cursor', message: 'Некоректне значення' }],
    });
  }
}

/** Takes limit+1 rows and tells whether there is a next page. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => { at: Date; id: string }): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor(keyOf(last).at, keyOf(last).id) : null;
  return { items, nextCursor };
}
