import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { recordAudit } from '../audit/audit.ts';
import { HttpProblem } from '../http/problem.ts';
import { actorOf } from '../http/actor.ts';
import { clientAddress } from '../http/client-address.ts';
import { waitText } from '../http/retry-after.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from './principal.ts';
import { verifyPassword } from './passwords.ts';
import { randomSecret, sha256 } from './secrets.ts';
import { DEVICE_COOKIE, DEVICE_DAYS, deviceTokens, knownDeviceFor, rememberDevice } from './known-devices.ts';
import {
  accountKey, accountPolicy, addressKey, addressPolicy, clearAttempts, deviceKey, pruneAttempts, releaseAttempt, reserveAttempt,
  type Refusal, type Reservation, type ThrottlePolicy,
} from './login-throttle.ts';
import { userView, UserView } from '../users/view.ts';

const LoginBody = z.strictObject({
  login: z.string().trim().min(1, 'Вкажіть логін').max(100),
  password: z.string().min(1, 'Вкажіть пароль').max(200),
});

const SessionView = z.object({ user: UserView, csrfToken: z.string() });

/** Per client address and minute: only a guard against floods, far above a shift signing in behind one office address. */
const LOGIN_FLOOD_LIMIT = 300;

export const authRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config, now }) => {
  const cookieOptions = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies };
  const perAccount = accountPolicy(config);
  const perAddress = addressPolicy(config);

  /** The same 429 for every login, existing or not: how long to wait, and nothing else. */
  function backedOff(refusal: Refusal): HttpProblem {
    return new HttpProblem(429, 'login-backoff', `Забагато невдалих спроб. Спробуйте знову через ${waitText(refusal.retryAfterSeconds)}`, { retryAfterSeconds: refusal.retryAfterSeconds });
  }

  app.post('/auth/login', {
    config: { access: 'public', rateLimit: { max: LOGIN_FLOOD_LIMIT, timeWindow: '1 minute' } },
    schema: {
      operationId: 'logIn', problems: [401],
      tags: ['auth'],
      summary: 'Вхід: відкриває сесію (cookie) і повертає CSRF-токен для подальших змін',
      description: 'Будь-яка невдача (неправильний пароль, невідомий логін, вимкнений обліковий запис) — однакова відповідь 401. '
        + 'Після DOVIRA_LOGIN_MAX_FAILURES невдач поспіль для логіна (чи багатьох з однієї адреси) — 429 з Retry-After, пауза подвоюється до DOVIRA_LOGIN_LOCK_MINUTES; '
        + 'пароль тоді не перевіряється. Браузер, з якого цей користувач уже входив (cookie dovira_device), має власний лічильник.',
      body: LoginBody,
      response: { 200: SessionView },
    },
  }, async (request, reply) => {
    const { login, password } = request.body;
    const at = now();
    const address = clientAddress(request);
    const carried = deviceTokens(request.cookies[DEVICE_COOKIE]);
    const device = await knownDeviceFor(db, carried, login, at);
    // A browser the account has signed in from before answers only for its own guesses; everyone
    // else shares the login's count and their address's.
    const gates: [string, ThrottlePolicy][] = device
      ? [[deviceKey(device.tokenHash), perAccount]]
      : [[addressKey(address), perAddress], [accountKey(login), perAccount]];
    const held: Reservation[] = [];
    for (const [key, policy] of gates) {
      const outcome = await reserveAttempt(db, key, policy, at);
      if (!outcome.admitted) throw backedOff(outcome);
      held.push(outcome);
    }
    const attempt = held.at(-1)!;

    const user = await db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['login']), '=', login.toLowerCase())).executeTakeFirst();
    const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !passwordOk || !user.active) {
      // The reservations stand: they were this failure's count.
      if (user) {
        await recordAudit(db, { userId: null, ip: address }, {
          entityType: 'user',
          entityId: user.id,
          action: attempt.backoffUntil ? 'login_backoff' : 'login_failed',
          changes: { failures: attempt.failures, ...(attempt.backoffUntil ? { until: attempt.backoffUntil.toISOString() } : {}), ...(device ? { knownDevice: true } : {}) },
        });
      }
      await pruneAttempts(db, at);
      throw new HttpProblem(401, 'bad-credentials', 'Неправильний логін або пароль');
    }
    const token = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(at.getTime() + config.sessionHours * 3_600_000);
    const deviceCookie = await db.transaction().execute(async (trx) => {
      await trx.insertInto('sessions').values({ id: sha256(token), user_id: user.id, csrf_token: csrfToken, ip: address, expires_at: expiresAt }).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<', at).execute();
      // A successful login ends the account's back-off; the office's address keeps only its failures.
      await clearAttempts(trx, [accountKey(user.login), ...(device ? [deviceKey(device.tokenHash)] : [])]);
      for (const reservation of held) if (reservation.key.startsWith('address:')) await releaseAttempt(trx, reservation);
      await recordAudit(trx, { userId: user.id, ip: address }, { entityType: 'user', entityId: user.id, action: 'login' });
      return rememberDevice(trx, user.id, device, carried, at);
    });
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, httpOnly: true, expires: expiresAt });
    // Readable by the page's script, which echoes it in X-CSRF-Token: a forged cross-site form cannot.
    reply.setCookie(CSRF_COOKIE, csrfToken, { ...cookieOptions, httpOnly: false, expires: expiresAt });
    // Sent back to this route only: no other route has any use for it.
    reply.setCookie(DEVICE_COOKIE, deviceCookie, { ...cookieOptions, path: '/api/v1/auth/login', httpOnly: true, maxAge: DEVICE_DAYS * 24 * 3600 });
    return { user: userView(user), csrfToken };
  });

  app.post('/auth/logout', {
    config: { access: 'authenticated' },
    schema: { operationId: 'logOut', tags: ['auth'], summary: 'Вихід: закриває поточну сесію', response: { 204: z.null() } },
  }, async (request, reply) => {
    const principal = request.principal!;
    await db.transaction().execute(async (trx) => {
      if (principal.sessionId) await trx.deleteFrom('sessions').where('id', '=', principal.sessionId).execute();
      await recordAudit(trx, actorOf(request), { entityType: 'user', entityId: principal.userId, action: 'logout' });
    });
    reply.clearCookie(SESSION_COOKIE, cookieOptions).clearCookie(CSRF_COOKIE, cookieOptions);
    return reply.status(204).send(null);
  });

  app.get('/auth/me', {
    config: { access: 'authenticated' },
    schema: { operationId: 'getCurrentUser', tags: ['auth'], summary: 'Хто я: поточний користувач і CSRF-токен сесії', response: { 200: z.object({ user: UserView, csrfToken: z.string().nullable() }) } },
  }, async (request) => {
    const principal = request.principal!;
    const user = await db.selectFrom('users').selectAll().where('id', '=', principal.userId).executeTakeFirstOrThrow();
    return { user: userView(user), csrfToken: principal.csrfToken };
  });
};
