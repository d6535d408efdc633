import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { HttpProblem } from '../http/problem.ts';
import { actorOf } from '../http/actor.ts';
import { clientAddress } from '../http/client-address.ts';
import { waitText } from '../http/retry-after.ts';
import { textExpected } from '../http/fields.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from './principal.ts';
import { DEVICE_COOKIE, DEVICE_DAYS, deviceTokens } from './known-devices.ts';
import { accountPolicy, addressPolicy } from './login-throttle.ts';
import { signedInUser, signIn, signOut } from './sign-in.ts';
import { userView, UserView } from './user-view.ts';

const LoginBody = z.strictObject({
  login: z.string({ error: textExpected('Логін') }).trim().min(1, 'Логін: поле обов’язкове').max(100, 'Логін: не довше 100 символів'),
  password: z.string({ error: textExpected('Пароль') }).min(1, 'Пароль: поле обов’язкове').max(200, 'Пароль: не довше 200 символів'),
});

const SessionView = z.object({ user: UserView, csrfToken: z.string() });

/** Per client address and minute: only a guard against floods, far above a shift signing in behind one office address. */
const LOGIN_FLOOD_LIMIT = 300;

export const authRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config, now }) => {
  const cookieOptions = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies };
  const rules = { perAccount: accountPolicy(config), perAddress: addressPolicy(config), sessionHours: config.sessionHours };

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
    const result = await signIn(db, rules, { login, password, address: clientAddress(request), carriedDevices: deviceTokens(request.cookies[DEVICE_COOKIE]), at: now() });
    // The same 429 for every login, existing or not: how long to wait, and nothing else.
    if (result.outcome === 'backed_off') {
      throw new HttpProblem(429, 'login-backoff', `Забагато невдалих спроб. Спробуйте знову через ${waitText(result.retryAfterSeconds)}`, { retryAfterSeconds: result.retryAfterSeconds });
    }
    if (result.outcome === 'refused') throw new HttpProblem(401, 'bad-credentials', 'Неправильний логін або пароль');
    const { user, sessionToken, csrfToken, expiresAt, deviceCookie } = result;
    reply.setCookie(SESSION_COOKIE, sessionToken, { ...cookieOptions, httpOnly: true, expires: expiresAt });
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
    await signOut(db, actorOf(request), request.principal!);
    reply.clearCookie(SESSION_COOKIE, cookieOptions).clearCookie(CSRF_COOKIE, cookieOptions);
    return reply.status(204).send(null);
  });

  app.get('/auth/me', {
    config: { access: 'authenticated' },
    schema: { operationId: 'getCurrentUser', tags: ['auth'], summary: 'Хто я: поточний користувач і CSRF-токен сесії', response: { 200: z.object({ user: UserView, csrfToken: z.string().nullable() }) } },
  }, async (request) => {
    const principal = request.principal!;
    return { user: userView(await signedInUser(db, principal.userId)), csrfToken: principal.csrfToken };
  });
};
