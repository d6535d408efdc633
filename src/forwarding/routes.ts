import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { BODY_KIND_CODES, REGION_CODES, REGIONS, kindLabel, regionLabel } from '../courts/kinds.ts';
import { activeBodiesServing } from '../courts/repository.ts';
import { readAppeal } from '../appeals/read.ts';
import { actorOf } from '../http/actor.ts';
import { freeText } from '../http/fields.ts';
import { withIdempotency } from '../http/idempotency.ts';
import { notFound } from '../http/problem.ts';
import type { AppealKind } from '../standard/index.ts';
import { stillToForward } from './due.ts';
import { forwardAppeal, handles } from './forward.ts';
import { planApplicantNotice, recordApplicantNotice } from './inform-applicant.ts';
import { smsSenderOf } from './sms.ts';
import { rankBody, regionOfResidence } from './suggestions.ts';
import { readForwarding, readForwardingLetter } from './read.ts';
import { DueItem, forwardingView, ForwardingView, NoticeView } from './view.ts';
import { NOTICE_CHANNELS } from '../db/schema.ts';
import { clerkInboxRoutes } from './clerk-routes.ts';

const IdParams = z.strictObject({ id: z.uuid('Некоректний ідентифікатор') });

const Suggestion = z.object({
  judicialBody: z.object({
    id: z.uuid(), code: z.string(), name: z.string(), kind: z.enum(BODY_KIND_CODES).nullable(), kindLabel: z.string().nullable(),
    region: z.enum(REGION_CODES).nullable(), regionLabel: z.string().nullable(), address: z.string().nullable(),
    email: z.string().nullable(), isDemo: z.boolean(),
  }),
  score: z.number().int(),
  reasons: z.array(z.string()).describe('Чому запропоновано; порожньо для загальнодержавного органу, на який звернення не вказує'),
});
type Suggestion = z.infer<typeof Suggestion>;

/** Forwarding (A3), informing the applicant, the list of appeals still to forward, the clerk inbox. */
export const forwardingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, context) => {
  const { db, live, now, config } = context;
  const sms = smsSenderOf(config);

  async function appealFor(principal: { role: 'operator' | 'supervisor' | 'admin' | 'court_clerk' | 'pbx'; userId: string }, id: string) {
    const appeal = await readAppeal(db, id);
    if (!appeal || !handles(principal, appeal.registered_by)) throw notFound('Звернення');
    return appeal;
  }

  app.get('/appeals/:id/forwarding-suggestions', {
    config: { access: ['operator', 'supervisor'] },
    schema: {
      operationId: 'listForwardingSuggestions',
      tags: ['forwarding'],
      summary: 'A3: органи судової влади, до яких доречно направити звернення, з поясненням (спершу суди регіону заявника)',
      params: IdParams,
      querystring: z.strictObject({
        region: z.enum(REGION_CODES).optional().describe('Регіон, якщо його не видно з місця проживання'),
        limit: z.coerce.number().int().min(1).max(50).default(10),
      }),
      response: {
        200: z.object({
          region: z.object({ code: z.enum(REGION_CODES), label: z.string(), source: z.enum(['residence', 'chosen']) }).nullable(),
          hint: z.string().nullable(),
          items: z.array(Suggestion).describe('Спершу органи регіону заявника, далі загальнодержавні органи, на які вказують вид і суть звернення'),
          national: z.array(Suggestion).describe('Решта загальнодержавних органів («Загальнодержавні органи»), за абеткою: їх показують згорнутими наприкінці'),
        }),
      },
    },
  }, async (request) => {
    const appeal = await appealFor(request.principal!, request.params.id);
    const inferred = regionOfResidence(appeal.residence);
    const region = request.query.region ?? inferred;
    const ranked = (await activeBodiesServing(db, region))
      .map((body) => ({ body, rank: rankBody(body, { kind: appeal.kind as AppealKind, essence: appeal.essence }, region) }))
      .flatMap(({ body, rank }) => (rank ? [{ body, rank }] : []));
    const suggestion = ({ body, rank }: (typeof ranked)[number]): Suggestion => ({
      judicialBody: {
        id: body.id, code: body.code, name: body.name, kind: body.kind, kindLabel: kindLabel(body.kind),
        region: body.region, regionLabel: regionLabel(body.region), address: body.address, email: body.email, isDemo: body.is_demo,
      },
      score: rank.score,
      reasons: rank.reasons,
    });
    const offered = ranked.filter(({ rank }) => rank.group === 'region' || rank.score > 0);
    // Regional bodies outscore every national one; the sort is stable, so equal scores stay alphabetical.
    offered.sort((a, b) => Number(b.rank.group === 'region') - Number(a.rank.group === 'region') || b.rank.score - a.rank.score);
    return {
      region: region ? { code: region, label: REGIONS[region], source: request.query.region ? 'chosen' as const : 'residence' as const } : null,
      hint: region ? null : 'Регіон заявника не видно з місця проживання: оберіть його (параметр region), щоб першими побачити суди регіону',
      items: offered.slice(0, request.query.limit).map(suggestion),
      national: ranked.filter(({ rank }) => rank.group === 'national' && rank.score === 0).map(suggestion),
    };
  });

  app.post('/appeals/:id/forward', {
    config: { access: ['operator', 'supervisor'] },
    schema: {
      operationId: 'forwardAppeal', problems: [409, 422],
      tags: ['forwarding'],
      summary: 'A3: направити звернення до органу судової влади в той самий день: супровідний лист PDF, лист на офіційну адресу органу; Idempotency-Key захищає від повтору',
      params: IdParams,
      body: z.strictObject({
        judicialBodyId: z.uuid('Некоректний ідентифікатор органу'),
        reason: freeText(1000, 'Підстава направлення'),
      }),
      response: { 201: ForwardingView },
    },
  }, async (request, reply) => {
    const principal = request.principal!;
    const forwarder = { actor: actorOf(request), userId: principal.userId, role: principal.role, fullName: principal.fullName, operatorNumber: principal.operatorNumber };
    const result = await withIdempotency(db, request, (trx) => forwardAppeal(trx, forwarder, request.params.id, request.body, now()));
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    // The receiving body's clerks hear of it at once, as do management and the operator.
    else live.publish(result.body.announcement);
    const row = await readForwarding(db, result.body.appealId);
    return reply.status(201).send(forwardingView(row!, now()));
  });

  app.get('/appeals/:id/forwarding', {
    config: { access: ['operator', 'supervisor', 'admin'] },
    schema: { operationId: 'getAppealForwarding', tags: ['forwarding'], summary: 'Куди і коли направлено звернення, строки A3 і ст. 20 Закону', params: IdParams, response: { 200: ForwardingView } },
  }, async (request) => {
    await appealFor(request.principal!, request.params.id);
    const row = await readForwarding(db, request.params.id);
    if (!row) throw notFound('Направлення звернення');
    return forwardingView(row, now());
  });

  app.get('/appeals/:id/forwarding-letter.pdf', {
    config: { access: ['operator', 'supervisor', 'admin', 'court_clerk'] },
    schema: { operationId: 'getForwardingLetter', tags: ['forwarding'], summary: 'Супровідний лист (PDF), як його надіслано органу', params: IdParams, produces: ['application/pdf'] },
  }, async (request, reply) => {
    const principal = request.principal!;
    const row = await readForwardingLetter(db, request.params.id);
    const allowed = row && (principal.role === 'court_clerk' ? row.judicial_body_id === principal.judicialBodyId : handles(principal, row.registered_by));
    if (!row || !allowed) throw notFound('Супровідний лист');
    return reply.type('application/pdf')
      .header('content-disposition', `inline; filename="letter.pdf"; filename*=UTF-8''${encodeURIComponent(row.registration_number)}.pdf`)
      .send(row.letter_pdf);
  });

  app.post('/appeals/:id/applicant-informed', {
    config: { access: ['operator', 'supervisor'] },
    schema: {
      operationId: 'recordApplicantNotice', problems: [409, 422, 502],
      tags: ['forwarding'],
      summary: 'A3: заявника повідомлено про направлення — під час дзвінка (запис), SMS (через шлюз) або електронною поштою (через чергу листів); заголовок Idempotency-Key захищає від повторного SMS чи листа при повторі запиту',
      params: IdParams,
      body: z.strictObject({
        channel: z.enum(NOTICE_CHANNELS),
        at: z.iso.datetime({ offset: true, message: 'Час: очікується дата й час ISO 8601' }).optional().describe('Лише для during_call: коли сказали під час дзвінка'),
      }),
      response: { 201: NoticeView },
    },
  }, async (request, reply) => {
    const { channel, at: told } = request.body;
    const appeal = await appealFor(request.principal!, request.params.id);
    const plan = await planApplicantNotice(db, { appeal, channel, toldAt: told === undefined ? undefined : new Date(told), at: now() }, sms);
    // The SMS goes out once the Idempotency-Key is claimed: a retry of a request whose answer was lost
    // waits for it and gets its notice back, and the applicant one message. A failed send rolls back
    // the claim, so the retry sends.
    const recorder = { actor: actorOf(request), userId: request.principal!.userId };
    const result = await withIdempotency(db, request, (trx) => recordApplicantNotice(trx, plan, recorder, sms));
    if (result.replayed) reply.header('idempotent-replayed', 'true');
    return reply.status(201).send(result.body);
  });

  app.get('/forwarding/due', {
    config: { access: ['supervisor', 'admin'] },
    schema: {
      operationId: 'listForwardingDue',
      tags: ['forwarding'],
      summary: 'A3: звернення, які треба направити сьогодні, і ті, що вже прострочені (з п’ятиденним строком Закону)',
      response: { 200: z.object({ today: z.string(), dueToday: z.array(DueItem), late: z.array(DueItem) }) },
    },
  }, async () => stillToForward(db, now()));

  await app.register(clerkInboxRoutes, context);
};
