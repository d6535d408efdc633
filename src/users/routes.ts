import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { actorOf } from '../http/actor.ts';
import { email, personName } from '../http/fields.ts';
import { pageQuery, decodeCursor } from '../http/pagination.ts';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { RoleSchema, UserView } from '../auth/user-view.ts';
import { addUser, listUsers, readUser, updateUser } from './accounts.ts';
import { TOKEN_SCOPES } from '../db/schema.ts';
import { issueApiToken, listApiTokens, revokeApiToken, TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from './api-tokens.ts';
import { tokenView, TokenView } from './view.ts';

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

const IssueToken = z.strictObject({
  name: z.string().trim().min(1, 'Назва: поле обов’язкове').max(100),
  expiresAt: z.iso.datetime({ offset: true, error: 'Чинний до: дата й час ISO 8601, напр. 2027-11-25T00:00:00Z' }).optional()
    .describe(`Коли токен перестане діяти; без нього — через ${TOKEN_DEFAULT_DAYS} днів, щонайбільше через ${TOKEN_MAX_DAYS}`),
  scope: z.enum(TOKEN_SCOPES).optional().describe('Поки що одна: telephony (типово)'),
});
const IdParams = z.strictObject({ id: z.uuid('Некоректний ідентифікатор') });

export const userRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, now }) => {
  const admin = { access: ['admin'] as const };

  app.get('/users', {
    config: admin,
    schema: { operationId: 'listUsers', tags: ['users'], summary: 'Список користувачів', querystring: z.strictObject({ ...pageQuery, role: RoleSchema.optional() }), response: { 200: z.object({ items: z.array(UserView), nextCursor: z.string().nullable() }) } },
  }, async (request) => {
    const { limit, role } = request.query;
    return listUsers(db, { limit, role, cursor: decodeCursor(request.query.cursor, 'uuid') }, now());
  });

  app.get('/users/:id', {
    config: admin,
    schema: { operationId: 'getUser', tags: ['users'], summary: 'Користувач', params: IdParams, response: { 200: UserView } },
  }, async (request) => readUser(db, request.params.id, now()));

  app.post('/users', {
    config: admin,
    schema: { operationId: 'createUser', problems: [409, 422], tags: ['users'], summary: 'Створити користувача', body: CreateUser, response: { 201: UserView } },
  }, async (request, reply) => {
    return reply.status(201).send(await addUser(db, actorOf(request), request.body, now()));
  });

  app.patch('/users/:id', {
    config: admin,
    schema: { operationId: 'updateUser', problems: [409, 422], tags: ['users'], summary: 'Змінити користувача (роль, номер оператора, електронна пошта, блокування, пароль)', params: IdParams, body: UpdateUser, response: { 200: UserView } },
  }, async (request) => {
    return updateUser(db, actorOf(request), request.params.id, request.body, now());
  });

  app.get('/users/:id/api-tokens', {
    config: admin,
    schema: { operationId: 'listApiTokens', tags: ['users'], summary: 'API-токени користувача (без самих секретів), з терміном дії', params: IdParams, response: { 200: z.object({ items: z.array(TokenView) }) } },
  }, async (request) => ({ items: (await listApiTokens(db, request.params.id)).map(tokenView) }));

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
    const { name, scope, expiresAt } = request.body;
    const { row: created, token } = await issueApiToken(db, actorOf(request), { userId: request.params.id, name, scope, expiresAt: expiresAt ? new Date(expiresAt) : undefined }, now());
    const view = tokenView(created);
    return reply.status(201).send({ id: view.id, name: view.name, scope: view.scope, expiresAt: view.expiresAt, token });
  });

  app.delete('/api-tokens/:id', {
    config: admin,
    schema: { operationId: 'revokeApiToken', tags: ['users'], summary: 'Відкликати API-токен', params: IdParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await revokeApiToken(db, actorOf(request), request.params.id, now());
    return reply.status(204).send(null);
  });
};
