import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { actorOf } from '../http/actor.ts';
import { pageQuery } from '../http/pagination.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { BodyCreate, BodyUpdate, PersonCreate, PersonUpdate, kind, instance, region } from './inputs.ts';
import {
  bodyErrors, bodyValues, findBody, findPerson, insertBody, insertPerson, listBodies, mergeBodyValues, newBodyValues, personValues,
  personsOf, searchPersons, updateBody, updatePerson,
} from './repository.ts';
import { MAX_QUERY_LENGTH, decodeNameCursor, nameCursor, namePage, searchWords } from './search.ts';
import { AuthorisedPersonView, JudicialBodyDetail, JudicialBodyView, TransferTargetView, authorisedPersonView, judicialBodyView } from './view.ts';

const IdParams = z.strictObject({ id: z.uuid('Некоректний ідентифікатор') });
const query = z.string().max(MAX_QUERY_LENGTH, `Пошук: не довше ${MAX_QUERY_LENGTH} символів`)
  .describe('Слова або їх частини, без огляду на регістр і вид апострофа: «апеляц київ»');
const admin = { access: ['admin'] as const };

function refuseBadClassification(errors: { field: string; message: string }[]): void {
  if (errors.length > 0) throw new HttpProblem(422, 'body-classification', 'Вид органу, інстанція і регіон не узгоджуються', { errors });
}

function translateWriteError(error: unknown): unknown {
  const e = error as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'judicial_bodies_code_key') {
    return new HttpProblem(409, 'code-taken', 'Орган з таким кодом уже є в довіднику', { errors: [{ field: 'code', message: 'Код зайнятий' }] });
  }
  return error;
}

export const courtRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, now }) => {
  app.get('/judicial-bodies', {
    config: { access: 'authenticated' },
    schema: {
      operationId: 'listJudicialBodies',
      tags: ['judicial-bodies'],
      summary: 'Довідник органів судової влади: пошук за назвою, кодом чи адресою, відбір за видом, інстанцією, регіоном (за абеткою)',
      querystring: z.strictObject({
        ...pageQuery,
        cursor: nameCursor,
        q: query.optional(),
        kind: kind.optional(),
        instance: instance.optional(),
        region: region.optional(),
        status: z.enum(['active', 'inactive', 'all'], { error: 'Стан: active, inactive або all' }).default('active'),
      }),
      response: { 200: z.object({ items: z.array(JudicialBodyView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    const rows = await listBodies(db, { words: searchWords(q.q), kind: q.kind, instance: q.instance, region: q.region, status: q.status }, q.limit, decodeNameCursor(q.cursor));
    const result = namePage(rows, q.limit);
    return { items: result.items.map(judicialBodyView), nextCursor: result.nextCursor };
  });

  app.get('/judicial-bodies/:id', {
    config: { access: 'authenticated' },
    schema: { operationId: 'getJudicialBody', tags: ['judicial-bodies'], summary: 'Орган судової влади з його уповноваженими особами', params: IdParams, response: { 200: JudicialBodyDetail } },
  }, async (request) => {
    const body = await findBody(db, request.params.id);
    if (!body) throw notFound('Орган судової влади');
    return { ...judicialBodyView(body), authorisedPersons: (await personsOf(db, body.id)).map(authorisedPersonView) };
  });

  app.post('/judicial-bodies', {
    config: admin,
    schema: { operationId: 'createJudicialBody', problems: [409, 422], tags: ['judicial-bodies'], summary: 'Внести орган судової влади до довідника', body: BodyCreate, response: { 201: JudicialBodyView } },
  }, async (request, reply) => {
    const values = newBodyValues(request.body);
    refuseBadClassification(bodyErrors(values));
    try {
      const row = await db.transaction().execute((trx) => insertBody(trx, actorOf(request), values, now()));
      return reply.status(201).send(judicialBodyView(row));
    } catch (error) {
      throw translateWriteError(error);
    }
  });

  app.patch('/judicial-bodies/:id', {
    config: admin,
    schema: { operationId: 'updateJudicialBody', problems: [409, 422], tags: ['judicial-bodies'], summary: 'Змінити дані органу (null стирає необов’язкове поле; active: false — орган більше не діє)', params: IdParams, body: BodyUpdate, response: { 200: JudicialBodyView } },
  }, async (request) => {
    try {
      const row = await db.transaction().execute(async (trx) => {
        const before = await findBody(trx, request.params.id, true);
        if (!before) throw notFound('Орган судової влади');
        const after = mergeBodyValues(bodyValues(before), request.body);
        refuseBadClassification(bodyErrors(after));
        return updateBody(trx, actorOf(request), before, after, now());
      });
      return judicialBodyView(row);
    } catch (error) {
      throw translateWriteError(error);
    }
  });

  app.post('/judicial-bodies/:id/authorised-persons', {
    config: admin,
    schema: { operationId: 'addAuthorisedPerson', tags: ['judicial-bodies'], summary: 'Додати уповноважену особу (розпорядника інформації) органу', params: IdParams, body: PersonCreate, response: { 201: AuthorisedPersonView } },
  }, async (request, reply) => {
    const input = request.body;
    const row = await db.transaction().execute(async (trx) => {
      const body = await findBody(trx, request.params.id);
      if (!body) throw notFound('Орган судової влади');
      return insertPerson(trx, actorOf(request), body.id, {
        fullName: input.fullName, position: input.position, phone: input.phone, email: input.email ?? null, active: input.active ?? true,
      }, now());
    });
    return reply.status(201).send(authorisedPersonView(row));
  });

  app.patch('/authorised-persons/:id', {
    config: admin,
    schema: { operationId: 'updateAuthorisedPerson', problems: [422], tags: ['judicial-bodies'], summary: 'Змінити дані уповноваженої особи (active: false — більше не приймає переключень)', params: IdParams, body: PersonUpdate, response: { 200: AuthorisedPersonView } },
  }, async (request) => {
    const patch = request.body;
    const row = await db.transaction().execute(async (trx) => {
      const before = await findPerson(trx, request.params.id, true);
      if (!before) throw notFound('Уповноважену особу');
      if (patch.judicialBodyId && !(await findBody(trx, patch.judicialBodyId))) {
        throw new HttpProblem(422, 'unknown-body', 'Такого органу судової влади немає в довіднику', { errors: [{ field: 'judicialBodyId', message: 'Невідомий орган' }] });
      }
      const old = personValues(before);
      return updatePerson(trx, actorOf(request), before, {
        judicialBodyId: patch.judicialBodyId ?? before.judicial_body_id,
        fullName: patch.fullName ?? old.fullName,
        position: patch.position ?? old.position,
        phone: patch.phone ?? old.phone,
        email: patch.email !== undefined ? patch.email : old.email,
        active: patch.active ?? old.active,
      }, now());
    });
    return authorisedPersonView(row);
  });

  app.get('/authorised-persons', {
    config: { access: ['operator', 'supervisor', 'admin'] },
    schema: {
      operationId: 'listAuthorisedPersons',
      tags: ['judicial-bodies'],
      summary: 'Кому переключити виклик (H4): чинні уповноважені особи за ім’ям, посадою чи назвою органу',
      querystring: z.strictObject({ ...pageQuery, cursor: nameCursor, q: query.optional(), judicialBodyId: z.uuid('Некоректний ідентифікатор органу').optional() }),
      response: { 200: z.object({ items: z.array(TransferTargetView), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => {
    const q = request.query;
    const rows = await searchPersons(db, searchWords(q.q), q.judicialBodyId, q.limit, decodeNameCursor(q.cursor));
    const result = namePage(rows, q.limit);
    return {
      items: result.items.map((row) => ({ ...authorisedPersonView(row), judicialBody: { id: row.judicial_body_id, code: row.body_code, name: row.body_name } })),
      nextCursor: result.nextCursor,
    };
  });
};
