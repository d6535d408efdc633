import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { AppContext } from '../http/context.ts';
import { recordAudit } from '../audit/audit.ts';
import { actorOf } from '../http/actor.ts';
import { email, personName } from '../http/fields.ts';
import { page, pageQuery, decodeCursor } from '../http/pagination.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { randomSecret, sha256 } from '../auth/secrets.ts';
import { API_TOKEN_PREFIX } from '../auth/principal.ts';
import { accountBackoffs, accountKey, clearAttempts, deviceKey } from '../auth/login-throttle.ts';
import { deviceHashesOf } from '../auth/known-devices.ts';
import type { Db } from '../db/database.ts';
import type { ApiTokensTable, Role, User } from '../db/schema.ts';
import type { Selectable } from 'kysely';
import { RoleSchema, userView, UserView } from './view.ts';
import { createUser } from './create.ts';

const password = z.string().min(MIN_PASSWORD_LENGTH, `Пароль: щонайменше ${MIN_PASSWORD_LENGTH} символів`).max(200, 'Пароль: не довше 200 символів');
const login = z.string().trim().min(3, 'Логін: щонайменше 3 символи').max(50).regex(/^[a-zA-Z0-9._-]+$/, 'Логін: лише латинські літери, цифри, крапка, дефіс і підкреслення');
const fullName = personName(200, 'Повне ім’я');
const operatorNumber = z.number().int().min(1, 'Номер оператора: додатне ціле число').max(99999);

const CreateUser = z.strictObject({
  login,
  fullName,
  role: RoleSchema,
  password,
  operatorNumber: operatorNumber.optional(),
  judicialBodyId: z.uuid().optional(),
  email: email().optional(),
});

const UpdateUser = z.strictObject({
  fullName: fullName.optional(),
  role: RoleSchema.optional(),
  operatorNumber: operatorNumber.nullable().optional(),
  judicialBodyId: z.uuid().nullable().optional(),
  email: email().nullable().optional().describe('null прибирає адресу'),
  active: z.boolean().optional(),
  password: password.optional(),
  unlock: z.literal(true).optional(),
});

const TOKEN_SCOPES = ['telephony'] as const;
const TokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES).describe('telephony: лише маршрути телефонії (події АТС)'),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const tokenView = (t: Selectable<ApiTokensTable>) => ({
  id: t.id, name: t.name, scope: t.scope, createdAt: t.created_at.toISOString(), expiresAt: t.expires_at.toISOString(),
  lastUsedAt: t.last_used_at?.toISOString() ?? null, revokedAt: t.revoked_at?.toISOString() ?? null,
});
const DAY_MS = 24 * 3_600_000;
/** A token lives a year unless the admin says otherwise, and never more than two. */
const TOKEN_DEFAULT_DAYS = 365;
const TOKEN_MAX_DAYS = 730;
const IssueToken = z.strictObject({
  name: z.string().trim().min(1, 'Назва: поле обов’язкове').max(100),
  expiresAt: z.iso.datetime({ offset: true, error: 'Чинний до: дата й час ISO 8601, напр. 2027-11-25T00:00:00Z' }).optional()
    .describe(`Коли токен перестане діяти; без нього — через ${TOKEN_DEFAULT_DAYS} днів, щонайбільше через ${TOKEN_MAX_DAYS}`),
  scope: z.enum(TOKEN_SCOPES).optional().describe('Поки що одна: telephony (типово)'),
});
const IdParams = z.strictObject({ id: z.uuid('Некоректний ідентифікатор') });

/** The rules of G3 and of clerks: an operator has a number, a clerk a judicial body, nobody else either. */
function checkRoleFields(role: Role, operatorNumber: number | null, judicialBodyId: string | null): void {
  const errors = [];
  if (role === 'operator' && operatorNumber === null) errors.push({ field: 'operatorNumber', message: 'Оператору потрібен номер («Оператор № …»)' });
  if (role !== 'operator' && operatorNumber !== null) errors.push({ field: 'operatorNumber', message: 'Номер мають лише оператори' });
  if (role === 'court_clerk' && judicialBodyId === null) errors.push({ field: 'judicialBodyId', message: 'Працівнику суду потрібен орган судової влади' });
  if (role !== 'court_clerk' && judicialBodyId !== null) errors.push({ field: 'judicialBodyId', message: 'Орган судової влади вказують лише для працівника суду' });
  if (errors.length > 0) throw new HttpProblem(422, 'role-fields', 'Поля не відповідають ролі користувача', { errors });
}

/** The users with the end of each one's login back-off, for the admin's list and detail. */
async function withBackoffs(db: Db, users: User[], at: Date): Promise<UserView[]> {
  const backoffs = await accountBackoffs(db, users.map((u) => u.login), at);
  return users.map((u) => userView(u, backoffs.get(u.login.toLowerCase()) ?? null));
}

function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' ? e.constraint : undefined;
}

export const userRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, now }) => {
  const admin = { access: ['admin'] as const };

  app.get('/users', {
    config: admin,
    schema: { operationId: 'listUsers', tags: ['users'], summary: 'Список користувачів', querystring: z.strictObject({ ...pageQuery, role: RoleSchema.optional() }), response: { 200: z.object({ items: z.array(UserView), nextCursor: z.string().nullable() }) } },
  }, async (request) => {
    const { limit, role } = request.query;
    const cursor = decodeCursor(request.query.cursor, 'uuid');
    let query = db.selectFrom('users').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1);
    if (role) query = query.where('role', '=', role);
    if (cursor) query = query.where(sql<boolean>`(created_at, id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
    const result = page(await query.execute(), limit, (u) => ({ at: u.created_at, id: u.id }));
    return { items: await withBackoffs(db, result.items, now()), nextCursor: result.nextCursor };
  });

  app.get('/users/:id', {
    config: admin,
    schema: { operationId: 'getUser', tags: ['users'], summary: 'Користувач', params: IdParams, response: { 200: UserView } },
  }, async (request) => {
    const user = await db.selectFrom('users').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!user) throw notFound('Користувача');
    return (await withBackoffs(db, [user], now()))[0]!;
  });

  app.post('/users', {
    config: admin,
    schema: { operationId: 'createUser', problems: [409, 422], tags: ['users'], summary: 'Створити користувача', body: CreateUser, response: { 201: UserView } },
  }, async (request, reply) => {
    const body = request.body;
    checkRoleFields(body.role, body.operatorNumber ?? null, body.judicialBodyId ?? null);
    try {
      const user = await createUser(db, actorOf(request), body);
      return reply.status(201).send((await withBackoffs(db, [user], now()))[0]!);
    } catch (error) {
      throw translateUserError(error);
    }
  });

  app.patch('/users/:id', {
    config: admin,
    schema: { operationId: 'updateUser', problems: [409, 422], tags: ['users'], summary: 'Змінити користувача (роль, номер оператора, електронна пошта, блокування, пароль)', params: IdParams, body: UpdateUser, response: { 200: UserView } },
  }, async (request) => {
    const body = request.body;
    const passwordHash = body.password ? await hashPassword(body.password) : undefined;
    try {
      const user = await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('users').selectAll().where('id', '=', request.params.id).forUpdate().executeTakeFirst();
        if (!before) throw notFound('Користувача');
        const role = body.role ?? before.role;
        const operatorNumberValue = body.operatorNumber !== undefined ? body.operatorNumber : role === 'operator' ? before.operator_number : null;
        const bodyId = body.judicialBodyId !== undefined ? body.judicialBodyId : role === 'court_clerk' ? before.judicial_body_id : null;
        checkRoleFields(role, operatorNumberValue, bodyId);
        if (before.id === request.principal!.userId && (body.active === false || (body.role && body.role !== 'admin'))) {
          throw new HttpProblem(422, 'self-lockout', 'Не можна вимкнути власний обліковий запис чи зняти з себе роль адміністратора');
        }
        const updated = await trx.updateTable('users').set({
          full_name: body.fullName ?? before.full_name,
          role,
          operator_number: operatorNumberValue,
          judicial_body_id: bodyId,
          email: body.email !== undefined ? body.email : before.email,
          active: body.active ?? before.active,
          ...(passwordHash ? { password_hash: passwordHash } : {}),
          updated_at: now(),
        }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
        if (body.active === false || passwordHash || (body.role && body.role !== before.role)) {
          await trx.deleteFrom('sessions').where('user_id', '=', before.id).execute();
        }
        // Unlocking, or a new password, ends the login's back-off and that of each known browser.
        if (body.unlock || passwordHash) {
          await clearAttempts(trx, [accountKey(before.login), ...(await deviceHashesOf(trx, before.id)).map(deviceKey)]);
        }
        // With a new password, the browsers that knew the old one are no longer trusted.
        if (passwordHash) await trx.deleteFrom('known_devices').where('user_id', '=', before.id).execute();
        // API tokens are for machine users only: a pbx user turned into a person loses them.
        if (before.role === 'pbx' && updated.role !== 'pbx') {
          const revoked = await trx.updateTable('api_tokens').set({ revoked_at: now() })
            .where('user_id', '=', before.id).where('revoked_at', 'is', null).returning('id').execute();
          for (const token of revoked) {
            await recordAudit(trx, actorOf(request), { entityType: 'api_token', entityId: token.id, action: 'revoked', changes: { reason: 'role-changed' } });
          }
        }
        const changes: Record<string, unknown> = {};
        for (const [key, column] of [['fullName', 'full_name'], ['role', 'role'], ['operatorNumber', 'operator_number'], ['judicialBodyId', 'judicial_body_id'], ['active', 'active']] as const) {
          if (before[column] !== updated[column]) changes[key] = { from: before[column], to: updated[column] };
        }
        if (passwordHash) changes.password = 'changed';
        if (before.email !== updated.email) changes.email = 'changed';
        if (body.unlock) changes.unlocked = true;
        await recordAudit(trx, actorOf(request), { entityType: 'user', entityId: before.id, action: 'updated', changes });
        return updated;
      });
      return (await withBackoffs(db, [user], now()))[0]!;
    } catch (error) {
      throw translateUserError(error);
    }
  });

  app.get('/users/:id/api-tokens', {
    config: admin,
    schema: { operationId: 'listApiTokens', tags: ['users'], summary: 'API-токени користувача (без самих секретів), з терміном дії', params: IdParams, response: { 200: z.object({ items: z.array(TokenView) }) } },
  }, async (request) => {
    const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', request.params.id).orderBy('created_at', 'desc').execute();
    return { items: rows.map(tokenView) };
  });

  app.post('/users/:id/api-tokens', {
    config: admin,
    schema: {
      operationId: 'issueApiToken', problems: [422],
      tags: ['users'],
      summary: 'Видати API-токен машинному користувачу (роль pbx); секрет показується лише один раз',
      description: 'Токен діє лише на маршрутах своєї області (telephony: події АТС) і до expiresAt; людям токени не видають.',
      params: IdParams,
      body: IssueToken,
      response: { 201: TokenView.pick({ id: true, name: true, scope: true, expiresAt: true }).extend({ token: z.string() }) },
    },
  }, async (request, reply) => {
    const at = now();
    const expiresAt = request.body.expiresAt ? new Date(request.body.expiresAt) : new Date(at.getTime() + TOKEN_DEFAULT_DAYS * DAY_MS);
    if (expiresAt.getTime() <= at.getTime()) {
      throw new HttpProblem(422, 'token-expiry', 'Термін дії токена має закінчуватися в майбутньому', { errors: [{ field: 'expiresAt', message: 'Чинний до: дата має бути в майбутньому' }] });
    }
    if (expiresAt.getTime() > at.getTime() + TOKEN_MAX_DAYS * DAY_MS) {
      throw new HttpProblem(422, 'token-expiry', 'Токен видають щонайбільше на два роки', { errors: [{ field: 'expiresAt', message: `Чинний до: не пізніше ніж через ${TOKEN_MAX_DAYS} днів` }] });
    }
    const token = randomSecret(API_TOKEN_PREFIX);
    const created = await db.transaction().execute(async (trx) => {
      const user = await trx.selectFrom('users').select(['id', 'role']).where('id', '=', request.params.id).executeTakeFirst();
      if (!user) throw notFound('Користувача');
      if (user.role !== 'pbx') {
        throw new HttpProblem(422, 'not-a-machine-user', 'API-токени видають лише машинним користувачам (роль pbx): людина входить зі своїм паролем', {
          errors: [{ field: 'role', message: 'Токен можна видати лише користувачу з роллю pbx' }],
        });
      }
      const row = await trx.insertInto('api_tokens').values({
        user_id: user.id, name: request.body.name, token_hash: sha256(token), scope: request.body.scope ?? 'telephony', expires_at: expiresAt,
      }).returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, actorOf(request), {
        entityType: 'api_token', entityId: row.id, action: 'created', changes: { userId: user.id, name: row.name, scope: row.scope, expiresAt: row.expires_at.toISOString() },
      });
      return row;
    });
    const view = tokenView(created);
    return reply.status(201).send({ id: view.id, name: view.name, scope: view.scope, expiresAt: view.expiresAt, token });
  });

  app.delete('/api-tokens/:id', {
    config: admin,
    schema: { operationId: 'revokeApiToken', tags: ['users'], summary: 'Відкликати API-токен', params: IdParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await db.transaction().execute(async (trx) => {
      const row = await trx.updateTable('api_tokens').set({ revoked_at: now() }).where('id', '=', request.params.id).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
      if (!row) throw notFound('Чинний API-токен');
      await recordAudit(trx, actorOf(request), { entityType: 'api_token', entityId: row.id, action: 'revoked' });
    });
    return reply.status(204).send(null);
  });
};

function translateUserError(error: unknown): unknown {
  const constraint = uniqueViolation(error);
  if (constraint === 'users_login_key') return new HttpProblem(409, 'login-taken', 'Такий логін уже зайнятий', { errors: [{ field: 'login', message: 'Логін зайнятий' }] });
  if (constraint === 'users_operator_number_key') return new HttpProblem(409, 'operator-number-taken', 'Такий номер оператора вже має інший оператор', { errors: [{ field: 'operatorNumber', message: 'Номер зайнятий' }] });
  if ((error as { code?: string }).code === '23503') return new HttpProblem(422, 'unknown-body', 'Такого органу судової влади немає в довіднику', { errors: [{ field: 'judicialBodyId', message: 'Невідомий орган' }] });
  return error;
}
