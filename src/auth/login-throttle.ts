// The login back-off: failed attempts counted in the database (so every Dovira node sees the same
// count) under three kinds of key, each reserved before the password is checked.
//   account:<login>  every attempt at a login name, lower-cased, whether or not such a user exists;
//   address:<ip>     every attempt from one client address, with a generous allowance (a whole office);
//   device:<hash>    attempts from a browser the account has signed in from before (known-devices.ts):
//                    they skip the two keys above, so an outsider's guesses cannot lock the user out.
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';

export interface ThrottlePolicy {
  /** Failures allowed before the first back-off. */
  maxFailures: number;
  /** The first back-off; each further failure doubles it... */
  firstDelaySeconds: number;
  /** ...up to this. */
  maxDelaySeconds: number;
  /** The count starts again after this long without a failure... */
  quietSeconds: number;
  /** ...or once its first failure is this old (addresses: a rate per hour rather than a history). */
  windowSeconds: number | null;
}

const FIRST_DELAY_SECONDS = 60;
const DAY_SECONDS = 24 * 3600;
const HOUR_SECONDS = 3600;

export function accountPolicy(config: Pick<Config, 'loginMaxFailures' | 'loginLockMinutes'>): ThrottlePolicy {
  return backOff(config.loginMaxFailures, config.loginLockMinutes, { quietSeconds: DAY_SECONDS, windowSeconds: null });
}

export function addressPolicy(config: Pick<Config, 'loginAddressMaxFailures' | 'loginLockMinutes'>): ThrottlePolicy {
  return backOff(config.loginAddressMaxFailures, config.loginLockMinutes, { quietSeconds: HOUR_SECONDS, windowSeconds: HOUR_SECONDS });
}

/** The back-off both kinds of key share: a minute at first (less if the lock is shorter), doubling up to the lock. */
function backOff(maxFailures: number, lockMinutes: number, forgetting: Pick<ThrottlePolicy, 'quietSeconds' | 'windowSeconds'>): ThrottlePolicy {
  const maxDelaySeconds = lockMinutes * 60;
  return { maxFailures, firstDelaySeconds: Math.min(FIRST_DELAY_SECONDS, maxDelaySeconds), maxDelaySeconds, ...forgetting };
}

export const accountKey = (login: string): string => `account:${login.toLowerCase()}`;
export const addressKey = (address: string | null): string => `address:${address ?? 'unknown'}`;
export const deviceKey = (tokenHash: string): string => `device:${tokenHash}`;

/** An attempt let through: counted as a failure until the password proves otherwise. */
export interface Reservation {
  admitted: true;
  key: string;
  /** Failures counted so far, this attempt included. */
  failures: number;
  /** The back-off this attempt started (it was the last allowed guess before a pause), if any. */
  backoffUntil: Date | null;
}

export interface Refusal {
  admitted: false;
  retryAfterSeconds: number;
}

/**
 * Counts the attempt before the password is checked, in one statement: while the key is backed
 * off the row is left as it is and nothing is returned, so parallel attempts can never take more
 * guesses than allowed (each waits for the row lock and sees the count the one before it left).
 */
export async function reserveAttempt(db: Db, key: string, policy: ThrottlePolicy, now: Date): Promise<Reservation | Refusal> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const quietSince = new Date(now.getTime() - policy.quietSeconds * 1000).toISOString();
  const windowSince = new Date(policy.windowSeconds === null ? 0 : now.getTime() - policy.windowSeconds * 1000).toISOString();
  const restart = sql`(t.last_failure_at < ${quietSince}::timestamptz OR t.first_failure_at < ${windowSince}::timestamptz)`;
  const next = sql`CASE WHEN ${restart} THEN 1 ELSE t.failures + 1 END`;
  const backoffAfter = (failures: ReturnType<typeof sql>) => sql`CASE WHEN ${failures} >= ${policy.maxFailures}::int THEN ${at} + LEAST(
      ${policy.firstDelaySeconds}::float8 * power(2, LEAST(${failures} - ${policy.maxFailures}::int, 30)),
      ${policy.maxDelaySeconds}::float8) * interval '1 second' END`;
  const { rows } = await sql<{ failures: number; blocked_until: Date | null }>`
    INSERT INTO login_throttle AS t (key, failures, first_failure_at, last_failure_at, blocked_until)
    VALUES (${key}, 1, ${at}, ${at}, ${backoffAfter(sql`1`)})
    ON CONFLICT (key) DO UPDATE SET
      failures = ${next},
      first_failure_at = CASE WHEN ${restart} THEN ${at} ELSE t.first_failure_at END,
      last_failure_at = ${at},
      blocked_until = ${backoffAfter(next)}
    WHERE t.blocked_until IS NULL OR t.blocked_until <= ${at}
    RETURNING failures, blocked_until
  `.execute(db);
  const row = rows[0];
  if (row) return { admitted: true, key, failures: row.failures, backoffUntil: row.blocked_until };
  const blocked = await db.selectFrom('login_throttle').select('blocked_until').where('key', '=', key).executeTakeFirst();
  // Cleared a moment ago (a successful login, an admin): the next attempt will get through.
  const until = blocked?.blocked_until?.getTime() ?? now.getTime();
  return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

/**
 * Gives back an address's reservation after a successful login: an office's good logins never
 * count towards its failures, and a back-off that this attempt alone started is lifted.
 */
export async function releaseAttempt(db: Db, reservation: Reservation): Promise<void> {
  const started = reservation.backoffUntil?.toISOString() ?? null;
  await sql`
    UPDATE login_throttle SET
      failures = GREATEST(failures - 1, 0),
      blocked_until = CASE WHEN blocked_until = ${started}::timestamptz THEN NULL ELSE blocked_until END
    WHERE key = ${reservation.key}
  `.execute(db);
  // Nothing left to remember. An attempt reserved in between has made the count non-zero: kept.
  await db.deleteFrom('login_throttle').where('key', '=', reservation.key).where('failures', '=', 0).where('blocked_until', 'is', null).execute();
}

/** Forgets the failures under these keys: a successful login, or an admin's unlock. */
export async function clearAttempts(db: Db, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.deleteFrom('login_throttle').where('key', 'in', keys).execute();
}

/** Rows whose count would start again anyway; a few at a time, so the table stays small. */
export async function pruneAttempts(db: Db, now: Date): Promise<void> {
  const before = new Date(now.getTime() - DAY_SECONDS * 1000).toISOString();
  await sql`
    DELETE FROM login_throttle WHERE key IN (
      SELECT key FROM login_throttle
      WHERE last_failure_at < ${before}::timestamptz AND (blocked_until IS NULL OR blocked_until < ${now.toISOString()}::timestamptz)
      LIMIT 20 FOR UPDATE SKIP LOCKED)
  `.execute(db);
}

/** When the back-off of each of these logins ends; only those backed off now are listed. */
export async function accountBackoffs(db: Db, logins: string[], now: Date): Promise<Map<string, Date>> {
  if (logins.length === 0) return new Map();
  const rows = await db.selectFrom('login_throttle').select(['key', 'blocked_until'])
    .where('key', 'in', logins.map(accountKey))
    .where('blocked_until', '>', now)
    .execute();
  return new Map(rows.map((row) => [row.key.slice('account:'.length), row.blocked_until!]));
}
