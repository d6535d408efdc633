import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

/** Kept this long, then forgotten: a thing is never announced again within a week. */
const KEEP_DAYS = 7;

/**
 * Claims the right to announce `kind` of `entityKey`: true for exactly one caller, across every
 * Dovira process on the database, however often the scheduled checks run.
 */
export async function claimAnnouncement(db: Db, kind: string, entityKey: string, at: Date): Promise<boolean> {
  const inserted = await sql<{ kind: string }>`
    INSERT INTO live_announcements (kind, entity_key, announced_at) VALUES (${kind}, ${entityKey}, ${at}::timestamptz)
    ON CONFLICT (kind, entity_key) DO NOTHING
    RETURNING kind`.execute(db);
  return inserted.rows.length === 1;
}

export async function forgetOldAnnouncements(db: Db, at: Date): Promise<void> {
  await sql`DELETE FROM live_announcements WHERE announced_at < ${new Date(at.getTime() - KEEP_DAYS * 86_400_000)}::timestamptz`.execute(db);
}
