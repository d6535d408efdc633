import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { AppContext } from '../app.ts';
import { recordAudit } from '../audit/audit.ts';
import { actorOf } from '../http/actor.ts';
import { email, personName } from '../http/fields.ts';
import { page, pageQuery, decodeCursor } from '../http/pagination.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { randomSecret, sha256 } from '../auth/secrets.ts';
import { API_TOKEN_PREFIX } from '../auth/principal.ts';
import type { Role } from '../db/schema.ts';
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

const TokenView = z.object({ id: z.uuid(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() });
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

function uniqueViolation(error: unknown): string | undefined {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' ? e.constraint : undefined;
}

export const userRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, now }) => {
  const admin = { access: ['admin'] as const };

  app.get('/users', {
    config: admin,
    schema: { tags: ['users'], summary: 'Список користувачів', querystring: z.strictObject({ ...pageQuery, role: RoleSchema.optional() }), response: { 200: z.object({ items: z.array(UserView), nextCursor: z.string().nullable() }) } },
  }, async (request) => {
    const { limit, role } = request.query;
    const cursor = decodeCursor(request.query.cursor, 'uuid');
    let query = db.selectFrom('users').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1);
    if (role) query = query.where('role', '=', role);
    if (cursor) query = query.where(sql<boolean>`(created_at, id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
    const result = page(await query.execute(), limit, (u) => ({ at: u.created_at, id: u.id }));
    return { items: result.items.map(userView), nextCursor: result.nextCursor };
  });

  app.get('/users/:id', {
    config: admin,
    schema: { tags: ['users'], summary: 'Користувач', params: IdParams, response: { 200: UserView } },
  }, async (request) => {
    const user = await db.selectFrom('users').selectAll().where('id', '=', request.params.id).executeTakeFirst();
    if (!user) throw notFound('Користувача');
    return userView(user);
  });

  app.post('/users', {
    config: admin,
    schema: { tags: ['users'], summary: 'Створити користувача', body: CreateUser, response: { 201: UserView } },
  }, async (request, reply) => {
    const body = request.body;
    checkRoleFields(body.role, body.operatorNumber ?? null, body.judicialBodyId ?? null);
    try {
      const user = await createUser(db, actorOf(request), body);
      return reply.status(201).send(userView(user));
    } catch (error) {
      throw translateUserError(error);
    }
  });

  app.patch('/users/:id', {
    config: admin,
    schema: { tags: ['users'], summary: 'Змінити користувача (роль, номер оператора, електронна пошта, блокування, пароль)', params: IdParams, body: UpdateUser, response: { 200: UserView } },
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
          ...(body.unlock || passwordHash ? { locked_until: null, failed_logins: 0 } : {}),
          updated_at: now(),
        }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
        if (body.active === false || passwordHash || (body.role && body.role !== before.role)) {
          await trx.deleteFrom('sessions').where('user_id', '=', before.id).execute();
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
      return userView(user);
    } catch (error) {
      throw translateUserError(error);
    }
  });

  app.get('/users/:id/api-tokens', {
    config: admin,
    schema: { tags: ['users'], summary: 'API-токени користувача (без самих секретів)', params: IdParams, response: { 200: z.object({ items: z.array(TokenView) }) } },
  }, async (request) => {
    const rows = await db.selectFrom('api_tokens').selectAll().where('user_id', '=', request.params.id).orderBy('created_at', 'desc').execute();
    return { items: rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.created_at.toISOString(), lastUsedAt: t.last_used_at?.toISOString() ?? null, revokedAt: t.revoked_at?.toISOString() ?? null })) };
  });

  app.post('/users/:id/api-tokens', {
    config: admin,
    schema: {
      tags: ['users'],
      summary: 'Видати API-токен (для АТС чи іншої програми); секрет показується лише один раз',
      params: IdParams,
      body: z.strictObject({ name: z.string().trim().min(1, 'Назва: поле обов’язкове').max(100) }),
      response: { 201: z.object({ id: z.uuid(), name: z.string(), token: z.string() }) },
    },
  }, async (request, reply) => {
    const token = randomSecret(API_TOKEN_PREFIX);
    const created = await db.transaction().execute(async (trx) => {
      const user = await trx.selectFrom('users').select('id').where('id', '=', request.params.id).executeTakeFirst();
      if (!user) throw notFound('Користувача');
      const row = await trx.insertInto('api_tokens').values({ user_id: user.id, name: request.body.name, token_hash: sha256(token) }).returning(['id', 'name']).executeTakeFirstOrThrow();
      await recordAudit(trx, actorOf(request), { entityType: 'api_token', entityId: row.id, action: 'created', changes: { userId: user.id, name: row.name } });
      return row;
    });
    return reply.status(201).send({ ...created, token });
  });

  app.delete('/api-tokens/:id', {
    config: admin,
    schema: { tags: ['users'], summary: 'Відкликати API-токен', params: IdParams, response: { 204: z.null() } },
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
