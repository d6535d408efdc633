// Known devices (OWASP's device cookie): after a successful login the browser keeps a random token
// bound to that user, stored here only as its hash. An attempt at the same login that carries it
// is counted apart from everyone else's attempts (login-throttle.ts), so an outsider guessing at a
// login cannot lock its owner out of the browsers they use.
import type { Db } from '../db/database.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { randomSecret, sha256 } from './secrets.ts';

export const DEVICE_COOKIE = 'dovira_device';
/** How long a browser stays known without a login. */
export const DEVICE_DAYS = 365;
/** A shared workstation remembers the last few people who signed in on it, not only the latest. */
const TOKENS_PER_BROWSER = 8;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The tokens a device cookie holds, newest first; anything malformed is ignored. */
export function deviceTokens(cookie: string | undefined): string[] {
  if (!cookie) return [];
  return cookie.split('.').filter((token) => TOKEN_SHAPE.test(token)).slice(0, TOKENS_PER_BROWSER);
}

export interface KnownDevice {
  token: string;
  tokenHash: string;
}

/** The token among `tokens` that this login's own account was given, still valid. */
export async function knownDeviceFor(db: Db, tokens: string[], login: string, now: Date): Promise<KnownDevice | undefined> {
  if (tokens.length === 0) return undefined;
  const byHash = new Map(tokens.map((token) => [sha256(token), token]));
  const row = await db.selectFrom('known_devices')
    .innerJoin('users', 'users.id', 'known_devices.user_id')
    .select('known_devices.token_hash')
    .where('known_devices.token_hash', 'in', [...byHash.keys()])
    .where((eb) => eb(eb.fn('lower', ['users.login']), '=', login.toLowerCase()))
    .where('known_devices.expires_at', '>', now)
    .executeTakeFirst();
  return row ? { token: byHash.get(row.token_hash)!, tokenHash: row.token_hash } : undefined;
}

/**
 * Remembers the browser for the user who just signed in (a new token, or the same one for
 * another year) and returns the cookie's new value: this token first, then the others it held.
 */
export async function rememberDevice(trx: Transaction<Database>, userId: string, known: KnownDevice | undefined, others: string[], now: Date): Promise<string> {
  const expiresAt = new Date(now.getTime() + DEVICE_DAYS * 24 * 3_600_000);
  let token = known?.token;
  if (known) {
    await trx.updateTable('known_devices').set({ expires_at: expiresAt }).where('token_hash', '=', known.tokenHash).execute();
  } else {
    token = randomSecret();
    await trx.insertInto('known_devices').values({ token_hash: sha256(token), user_id: userId, expires_at: expiresAt }).execute();
  }
  await trx.deleteFrom('known_devices').where('user_id', '=', userId).where('expires_at', '<=', now).execute();
  return [token!, ...others.filter((other) => other !== token)].slice(0, TOKENS_PER_BROWSER).join('.');
}

/** The device keys of a user's known browsers, for clearing their back-off too. */
export async function deviceHashesOf(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('known_devices').select('token_hash').where('user_id', '=', userId).execute();
  return rows.map((row) => row.token_hash);
}
