import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../app.ts';
import { recordAudit } from '../audit/audit.ts';
import { HttpProblem } from '../http/problem.ts';
import { actorOf } from '../http/actor.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from './principal.ts';
import { verifyPassword } from './passwords.ts';
import { randomSecret, sha256 } from './secrets.ts';
import { userView, UserView } from '../users/view.ts';

const LoginBody = z.strictObject({
  login: z.string().trim().min(1, 'Вкажіть логін').max(100),
  password: z.string().min(1, 'Вкажіть пароль').max(200),
});

const SessionView = z.object({ user: UserView, csrfToken: z.string() });

export const authRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config, now }) => {
  const cookieOptions = { path: '/', sameSite: 'strict' as const, secure: config.secureCookies };

  app.post('/auth/login', {
    config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'],
      summary: 'Вхід: відкриває сесію (cookie) і повертає CSRF-токен для подальших змін',
      body: LoginBody,
      response: { 200: SessionView },
    },
  }, async (request, reply) => {
    const { login, password } = request.body;
    const user = await db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['login']), '=', login.toLowerCase())).executeTakeFirst();
    const at = now();
    if (user?.locked_until && user.locked_until > at) {
      throw new HttpProblem(423, 'locked', `Забагато невдалих спроб входу. Обліковий запис заблоковано до ${user.locked_until.toLocaleTimeString('uk-UA', { timeZone: 'Europe/Kyiv', hour: '2-digit', minute: '2-digit' })}`);
    }
    const passwordOk = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !passwordOk || !user.active) {
      if (user) {
        const failures = user.failed_logins + 1;
        const lock = failures >= config.loginMaxFailures;
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('users').set({
            failed_logins: lock ? 0 : failures,
            locked_until: lock ? new Date(at.getTime() + config.loginLockMinutes * 60_000) : user.locked_until,
          }).where('id', '=', user.id).execute();
          await recordAudit(trx, { userId: null, ip: request.ip }, {
            entityType: 'user', entityId: user.id, action: lock ? 'login_locked' : 'login_failed', changes: { failures },
          });
        });
      }
      throw new HttpProblem(401, 'bad-credentials', 'Неправильний логін або пароль');
    }
    const token = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(at.getTime() + config.sessionHours * 3_600_000);
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('sessions').values({ id: sha256(token), user_id: user.id, csrf_token: csrfToken, ip: request.ip, expires_at: expiresAt }).execute();
      await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<', at).execute();
      await recordAudit(trx, { userId: user.id, ip: request.ip }, { entityType: 'user', entityId: user.id, action: 'login' });
    });
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, httpOnly: true, expires: expiresAt });
    // Readable by the page's script, which echoes it in X-CSRF-Token: a forged cross-site form cannot.
    reply.setCookie(CSRF_COOKIE, csrfToken, { ...cookieOptions, httpOnly: false, expires: expiresAt });
    return { user: userView(user), csrfToken };
  });

  app.post('/auth/logout', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Вихід: закриває поточну сесію', response: { 204: z.null() } },
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
    schema: { tags: ['auth'], summary: 'Хто я: поточний користувач і CSRF-токен сесії', response: { 200: z.object({ user: UserView, csrfToken: z.string().nullable() }) } },
  }, async (request) => {
    const principal = request.principal!;
    const user = await db.selectFrom('users').selectAll().where('id', '=', principal.userId).executeTakeFirstOrThrow();
    return { user: userView(user), csrfToken: principal.csrfToken };
  });
};
