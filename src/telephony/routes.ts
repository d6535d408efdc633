// The exchange's event API, extensions and caller recognition. The Zammad-compatible webhook is an
// adapter: src/telephony/adapters/zammad/routes.ts.
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { actorOf } from '../http/actor.ts';
import { phone } from '../http/fields.ts';
import { HttpProblem, notFound, UNKNOWN_FIELD } from '../http/problem.ts';
import { recordAudit } from '../audit/audit.ts';
import { BLOCKED_TEXT, blockedAmong, callerNumberOf } from './blocked-numbers.ts';
import { EVENT_EXAMPLES, EventOutcomeView, ExtensionField, PbxEventsBody, isKnown, keptAsSent, pbxEventsFieldErrors, type PbxEvent } from './contract.ts';
import { noteOnReceipt, reasonWithNote } from './mapping.ts';
import { SipPasswordField, generateSipPassword, removeSipPassword, setSipPassword, sipPasswordsOf, type SipPasswordState } from './sip-credentials.ts';

const ExtensionParams = z.strictObject({ extension: ExtensionField });
const SipPasswordView = z.object({
  realm: z.string().meta({ description: 'Область (realm), для якої обчислено HA1; має збігатися з SIP_REALM kamailio' }),
  setAt: z.string(),
});
const ExtensionView = z.object({
  extension: z.string(), operatorId: z.uuid(), active: z.boolean(), updatedAt: z.string(),
  sipPassword: SipPasswordView.nullable().meta({ description: 'Чи задано пароль SIP телефону на цьому номері (сам пароль не зберігається і не показується)' }),
});
const ExtensionBody = z.strictObject({
  operatorId: z.uuid('Оператор: некоректний ідентифікатор'),
  active: z.boolean({ error: 'Активний: очікується true або false' }).optional(),
});
const sipPasswordView = (state: SipPasswordState | undefined) => state ? { realm: state.realm, setAt: state.setAt.toISOString() } : null;
const extensionView = (row: { extension: string; operator_id: string; active: boolean; updated_at: Date }, sipPassword: SipPasswordState | undefined) =>
  ({ extension: row.extension, operatorId: row.operator_id, active: row.active, updatedAt: row.updated_at.toISOString(), sipPassword: sipPasswordView(sipPassword) });
const SipPasswordBody = z.strictObject({ password: SipPasswordField });
const SetSipPasswordView = SipPasswordView.extend({ extension: z.string() });
const GeneratedSipPasswordView = SetSipPasswordView.extend({
  password: z.string().meta({ description: 'Новий пароль: показується лише в цій відповіді, Dovira зберігає тільки HA1' }),
});

/**
 * Zammad's exchanges post forms (src/telephony/adapters/zammad): URL-encoded, or multipart as
 * Zammad's own curl examples send them; the event API takes the same forms. Scoped to the plugin
 * that calls it. Repeated keys (user[]) become lists.
 */
export function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    const fields = formFields(new URLSearchParams(body as string));
    if (fields instanceof HttpProblem) done(fields, undefined);
    else done(null, fields);
  });
  // Node's own multipart reader (the fetch API's); the body limit applies before it runs.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    new Response(new Uint8Array(body as Buffer), { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData().then(
      (form) => {
        const entries: Array<[string, FormDataEntryValue]> = [];
        form.forEach((value, key) => { entries.push([key, value]); });
        const fields = formFields(entries);
        if (fields instanceof HttpProblem) done(fields, undefined);
        else done(null, fields);
      },
      () => done(new HttpProblem(400, 'validation', 'Тіло запиту: некоректна форма multipart/form-data'), undefined),
    );
  });
}

function formFields(entries: Iterable<[string, FormDataEntryValue]>): Record<string, string | string[]> | HttpProblem {
  const fields = new Map<string, string | string[]>();
  for (const [key, value] of entries) {
    // Refused as the JSON parser refuses it: a field that would become the parsed object's prototype.
    if (key === '__proto__') return new HttpProblem(400, 'validation', 'Перевірте дані у тілі запиту', { errors: [{ field: key, message: UNKNOWN_FIELD }] });
    if (typeof value !== 'string') return new HttpProblem(400, 'validation', 'Перевірте дані у тілі запиту', { errors: [{ field: key, message: `${key}: файли не приймаються, лише текстові поля` }] });
    const before = fields.get(key);
    fields.set(key, before === undefined ? value : [...[before].flat(), value]);
  }
  return Object.fromEntries(fields);
}

export const telephonyRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config, now, eventQueue }) => {
  acceptForms(app);

  app.post('/telephony/events', {
    config: { access: ['pbx'], tokenScope: 'telephony' },
    // Refused bodies are explained below, event by event: the union alone would not name the field.
    attachValidation: true,
    schema: {
      operationId: 'recordPbxEvents', problems: [503],
      tags: ['telephony'],
      summary: 'Події телефонної станції (АТС)',
      description: 'Одна подія або пакет { events: [...] }. Ідемпотентно за eventId; події дзвінка застосовуються в порядку часу АТС; '
        + 'застаріла подія не повертає дзвінок назад (stale); невідомий тип зберігається й ігнорується. '
        + 'Поля, яких Dovira не знає (xcid, sipHeaders тощо), приймаються і зберігаються з подією (до 32 полів і 4 КіБ JSON; про решту — unknownFieldsDropped). '
        + 'Дзвінок із номера, заблокованого адміністратором, не відхиляється: подію застосовано, а в reason сказано, що номер заблоковано. '
        + 'Автентифікація: API-токен користувача з роллю pbx.',
      body: PbxEventsBody.meta({ examples: EVENT_EXAMPLES }),
      response: { 200: z.object({ results: z.array(EventOutcomeView) }) },
    },
  }, async (request) => {
    if (request.validationError) {
      const errors = pbxEventsFieldErrors(request.body);
      if (errors.length === 0) throw request.validationError;
      throw new HttpProblem(400, 'validation', 'Перевірте дані у тілі запиту', { errors });
    }
    const body = request.body;
    // A single event has an eventId; a batch has only `events`.
    const sent: PbxEvent[] = 'eventId' in body ? [body as PbxEvent] : (body as { events: PbxEvent[] }).events;
    const events = sent.map(keptAsSent);
    // The event API has no reject to answer with: a new call from a blocked number is decided as
    // any other (the exchange may already be ringing an operator), and its reason says so.
    const callers = events.map((event) => (isKnown(event) ? callerNumberOf(event) : null));
    const blocked = await blockedAmong(db, callers);
    events.forEach((event, n) => { if (callers[n] && blocked.has(callers[n])) noteOnReceipt(event, BLOCKED_TEXT.noted); });
    const results = await eventQueue.ingest(actorOf(request), events, now(), request.log);
    return { results: results.map((result, n) => ({ ...result, reason: reasonWithNote(events[n]!, result.reason) })) };
  });

  app.get('/telephony/extensions', {
    config: { access: ['admin'] },
    schema: {
      operationId: 'listExtensions',
      tags: ['telephony'], summary: 'Внутрішні номери АТС та оператори',
      response: { 200: z.object({ items: z.array(ExtensionView), sipRealm: z.string().meta({ description: 'Область (realm) паролів SIP, DOVIRA_SIP_REALM' }) }) },
    },
  }, async () => {
    const rows = await db.selectFrom('pbx_extensions').selectAll().orderBy('extension').limit(1000).execute();
    const passwords = await sipPasswordsOf(db, rows.map((row) => row.extension));
    return { items: rows.map((row) => extensionView(row, passwords.get(row.extension))), sipRealm: config.sipRealm };
  });

  app.get('/telephony/extensions/:extension', {
    config: { access: ['admin'] },
    schema: { operationId: 'getExtension', problems: [404], tags: ['telephony'], summary: 'Внутрішній номер', params: ExtensionParams, response: { 200: ExtensionView } },
  }, async (request) => {
    const row = await db.selectFrom('pbx_extensions').selectAll().where('extension', '=', request.params.extension).executeTakeFirst();
    if (!row) throw notFound('Внутрішній номер');
    return extensionView(row, (await sipPasswordsOf(db, [row.extension])).get(row.extension));
  });

  app.put('/telephony/extensions/:extension', {
    config: { access: ['admin'] },
    schema: { operationId: 'assignExtension', problems: [422], tags: ['telephony'], summary: 'Закріпити внутрішній номер за оператором', params: ExtensionParams, body: ExtensionBody, response: { 200: ExtensionView } },
  }, async (request) => {
    const { extension } = request.params;
    const { operatorId, active = true } = request.body;
    return db.transaction().execute(async (trx) => {
      const operator = await trx.selectFrom('users').select('id').where('id', '=', operatorId).where('role', '=', 'operator').executeTakeFirst();
      if (!operator) {
        throw new HttpProblem(422, 'not-an-operator', 'Внутрішній номер закріплюють лише за оператором', { errors: [{ field: 'operatorId', message: 'Такого оператора немає' }] });
      }
      const row = await trx.insertInto('pbx_extensions').values({ extension, operator_id: operatorId, active, updated_at: now() })
        .onConflict((oc) => oc.column('extension').doUpdateSet({ operator_id: operatorId, active, updated_at: now() }))
        .returningAll().executeTakeFirstOrThrow();
      await recordAudit(trx, actorOf(request), { entityType: 'pbx_extension', entityId: extension, action: 'assigned', changes: { operatorId, active } });
      return extensionView(row, (await sipPasswordsOf(trx, [extension])).get(extension));
    });
  });

  app.delete('/telephony/extensions/:extension', {
    config: { access: ['admin'] },
    schema: { operationId: 'removeExtension', problems: [404], tags: ['telephony'], summary: 'Зняти внутрішній номер', params: ExtensionParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    await db.transaction().execute(async (trx) => {
      const gone = await trx.deleteFrom('pbx_extensions').where('extension', '=', request.params.extension).returning('operator_id').executeTakeFirst();
      if (!gone) throw notFound('Внутрішній номер');
      await recordAudit(trx, actorOf(request), { entityType: 'pbx_extension', entityId: request.params.extension, action: 'removed', changes: { operatorId: gone.operator_id } });
      // The phone at a removed extension may no longer register either.
      await removeSipPassword(trx, actorOf(request), request.params.extension, now());
    });
    return reply.status(204).send(null);
  });

  // The phone's SIP password at an extension (digest authentication at kamailio): set by the admin,
  // or generated and shown once; only its HA1 is stored. kamailio hears of it within a second.
  const mappedExtension = async (trx: typeof db, extension: string) => {
    const row = await trx.selectFrom('pbx_extensions').select('extension').where('extension', '=', extension).forUpdate().executeTakeFirst();
    if (!row) throw notFound('Внутрішній номер');
  };

  app.put('/telephony/extensions/:extension/sip-password', {
    config: { access: ['admin'] },
    schema: {
      operationId: 'setSipPassword', problems: [404],
      tags: ['telephony'],
      summary: 'Задати пароль SIP телефону на внутрішньому номері',
      description: 'Телефон реєструє номер і дзвонить з нього лише з цим паролем (digest-автентифікація на kamailio). '
        + 'Dovira зберігає тільки HA1 = md5(номер:realm:пароль), realm — DOVIRA_SIP_REALM.',
      params: ExtensionParams, body: SipPasswordBody, response: { 200: SetSipPasswordView },
    },
  }, async (request) => {
    const { extension } = request.params;
    return db.transaction().execute(async (trx) => {
      await mappedExtension(trx, extension);
      const state = await setSipPassword(trx, actorOf(request), { extension, realm: config.sipRealm, password: request.body.password, generated: false, now: now() });
      return { extension, ...sipPasswordView(state)! };
    });
  });

  app.post('/telephony/extensions/:extension/sip-password', {
    config: { access: ['admin'] },
    schema: {
      operationId: 'generateSipPassword', problems: [404],
      tags: ['telephony'],
      summary: 'Згенерувати новий пароль SIP телефону на внутрішньому номері',
      description: 'Новий пароль (20 символів) повертається лише в цій відповіді; попередній перестає діяти.',
      params: ExtensionParams, body: z.strictObject({}).nullish(), response: { 201: GeneratedSipPasswordView },
    },
  }, async (request, reply) => {
    const { extension } = request.params;
    const password = generateSipPassword();
    const state = await db.transaction().execute(async (trx) => {
      await mappedExtension(trx, extension);
      return setSipPassword(trx, actorOf(request), { extension, realm: config.sipRealm, password, generated: true, now: now() });
    });
    // The password exists only in this answer: no cache may keep it.
    return reply.status(201).header('cache-control', 'no-store').send({ extension, ...sipPasswordView(state)!, password });
  });

  app.delete('/telephony/extensions/:extension/sip-password', {
    config: { access: ['admin'] },
    schema: {
      operationId: 'removeSipPassword', problems: [404],
      tags: ['telephony'], summary: 'Скасувати пароль SIP: телефон на номері більше не зареєструється',
      params: ExtensionParams, response: { 204: z.null() },
    },
  }, async (request, reply) => {
    await db.transaction().execute(async (trx) => {
      await mappedExtension(trx, request.params.extension);
      if (!await removeSipPassword(trx, actorOf(request), request.params.extension, now())) throw notFound('Пароль SIP');
    });
    return reply.status(204).send(null);
  });

  app.get('/telephony/callers/:phone', {
    config: { access: ['operator', 'supervisor'] },
    schema: {
      operationId: 'lookUpCaller',
      tags: ['telephony'],
      summary: 'Що вже було від цього номера: дзвінки та звернення',
      description: 'Лише пропонується оператору; нічого не об’єднується автоматично.',
      params: z.strictObject({ phone: phone('Номер заявника') }),
      response: {
        200: z.object({
          phone: z.string(),
          calls: z.array(z.object({ callId: z.uuid(), openedAt: z.string(), status: z.string(), endReason: z.string().nullable() })),
          appeals: z.array(z.object({ appealId: z.uuid(), registrationNumber: z.string(), kind: z.string(), status: z.string(), registeredAt: z.string() })),
        }),
      },
    },
  }, async (request) => {
    const number = request.params.phone;
    const calls = await db.selectFrom('calls').select(['id', 'opened_at', 'status', 'end_reason'])
      .where('caller_phone', '=', number).orderBy('opened_at', 'desc').limit(20).execute();
    const appeals = await db.selectFrom('appeal_register').select(['id', 'registration_number', 'kind', 'status', 'registered_at'])
      .where('phone', '=', number).orderBy('registered_at', 'desc').limit(20).execute();
    return {
      phone: number,
      calls: calls.map((c) => ({ callId: c.id, openedAt: c.opened_at.toISOString(), status: c.status, endReason: c.end_reason })),
      appeals: appeals.map((a) => ({ appealId: a.id, registrationNumber: a.registration_number, kind: a.kind, status: a.status, registeredAt: a.registered_at.toISOString() })),
    };
  });
};
