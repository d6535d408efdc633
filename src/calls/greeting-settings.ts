import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DEFAULT_GREETING_BOUNDARIES, parseGreetingBoundaries, type GreetingBoundaries } from '../standard/index.ts';

/** The `settings` key under which an administrator stores the G2 hour boundaries. */
export const GREETING_BOUNDARIES_SETTING = 'greeting_boundaries';

/**
 * G2: the configured boundaries of morning, day and evening. Absent (or, defensively, invalid:
 * the admin route validates before writing) means the Standard's defaults, so a call is never
 * left without a greeting.
 */
export async function loadGreetingBoundaries(db: Kysely<Database>): Promise<GreetingBoundaries> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', GREETING_BOUNDARIES_SETTING).executeTakeFirst();
  if (!row) return DEFAULT_GREETING_BOUNDARIES;
  const parsed = parseGreetingBoundaries(row.value);
  return parsed.ok ? parsed.boundaries : DEFAULT_GREETING_BOUNDARIES;
}
