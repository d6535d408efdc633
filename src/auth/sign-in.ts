// Signing in and out, without HTTP: the login back-off (login-throttle.ts), known browsers
// (known-devices.ts), the session and the audit trail. The route reads the request, answers the
// outcome and sets the cookies.
import { recordAudit, type Actor } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { User } from '../db/schema.ts';
import { knownDeviceFor, rememberDevice } from './known-devices.ts';
import {
  accountKey, addressKey, clearAttempts, deviceKey, pruneAttempts, releaseAttempt, reserveAttempt,
  type Reservation, type ThrottlePolicy,
} from './login-throttle.ts';
import { verifyPassword } from './passwords.ts';
import { randomSecret, sha256 } from './secrets.ts';

export interface SignInRules {
  perAccount: ThrottlePolicy;
  perAddress: ThrottlePolicy;
  sessionHours: number;
}

export interface SignInAttempt {
  login: string;
  password: string;
  /** The client's address; every attempt from it shares one count. */
  address: string | null;
  /** The known-device tokens the browser's cookie carried. */
  carriedDevices: string[];
  at: Date;
}

export type SignInOutcome =
  /** Too many failures: the password was not even checked. The same for every login, existing or not. */
  | { outcome: 'backed_off'; retryAfterSeconds: number }
  /** A wrong password, an unknown login or a disabled account: which of them is not told. */
  | { outcome: 'refused' }
  | { outcome: 'signed_in'; user: User; sessionToken: string; csrfToken: string; expiresAt: Date; deviceCookie: string };

export async function signIn(db: Db, rules: SignInRules, attempt: SignInAttempt): Promise<SignInOutcome> {
  const { login, password, address, carriedDevices, at } = attempt;
  const device = await knownDeviceFor(db, carriedDevices, login, at);
  // A browser the account has signed in from before answers only for its own guesses; everyone
  // else shares the login's count and their address's.
  const gates: [string, ThrottlePolicy][] = device
    ? [[deviceKey(device.tokenHash), rules.perAccount]]
    : [[addressKey(address), rules.perAddress], [accountKey(login), rules.perAccount]];
  const held: Reservation[] = [];
  for (const [key, policy] of gates) {
    const outcome = await reserveAttempt(db, key, policy, at);
    if (!outcome.admitted) return { outcome: 'backed_off', retryAfterSeconds: outcome.retryAfterSeconds };
    held.push(outcome);
  }
  const counted = held.at(-1)!;

  const user = await db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['login']), '=', login.toLowerCase())).executeTakeFirst();
  const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
  if (!user || !passwordOk || !user.active) {
    // The reservations stand: they were this failure's count.
    if (user) {
      await db.transaction().execute((trx) => recordAudit(trx, { userId: null, ip: address }, {
        entityType: 'user',
        entityId: user.id,
        action: counted.backoffUntil ? 'login_backoff' : 'login_failed',
        changes: { failures: counted.failures, ...(counted.backoffUntil ? { until: counted.backoffUntil.toISOString() } : {}), ...(device ? { knownDevice: true } : {}) },
      }));
    }
    await pruneAttempts(db, at);
    return { outcome: 'refused' };
  }
  const sessionToken = randomSecret();
  const csrfToken = randomSecret();
  const expiresAt = new Date(at.getTime() + rules.sessionHours * 3_600_000);
  const deviceCookie = await db.transaction().execute(async (trx) => {
    await trx.insertInto('sessions').values({ id: sha256(sessionToken), user_id: user.id, csrf_token: csrfToken, ip: address, expires_at: expiresAt }).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<', at).execute();
    // A successful login ends the account's back-off; the office's address keeps only its failures.
    await clearAttempts(trx, [accountKey(user.login), ...(device ? [deviceKey(device.tokenHash)] : [])]);
    for (const reservation of held) if (reservation.key.startsWith('address:')) await releaseAttempt(trx, reservation);
    await recordAudit(trx, { userId: user.id, ip: address }, { entityType: 'user', entityId: user.id, action: 'login' });
    return rememberDevice(trx, user.id, device, carriedDevices, at);
  });
  return { outcome: 'signed_in', user, sessionToken, csrfToken, expiresAt, deviceCookie };
}

/** Closes the session the request came with (a token has none) and records the logout. */
export async function signOut(db: Db, actor: Actor, principal: { userId: string; sessionId: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (principal.sessionId) await trx.deleteFrom('sessions').where('id', '=', principal.sessionId).execute();
    await recordAudit(trx, actor, { entityType: 'user', entityId: principal.userId, action: 'logout' });
  });
}

/** The account of whoever is signed in. */
export async function signedInUser(db: Db, userId: string): Promise<User> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
}
