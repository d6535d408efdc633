import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { recordAudit } from '../audit/audit.ts';
import { actorOf } from '../http/actor.ts';
import { HttpProblem } from '../http/problem.ts';
import { GREETING_BOUNDARIES_SETTING, loadGreetingBoundaries } from '../calls/greeting-settings.ts';
import { MissedCallRuleSchema } from '../callbacks/missed-call-rule.ts';
import { loadMissedCallRule, saveMissedCallRule } from '../callbacks/missed-call-settings.ts';
import {
  APPEAL_DEADLINES,
  APPEAL_KINDS,
  BAD_AUDIO_TRY_SECONDS,
  HOLD_WARNING_BEFORE_SECONDS,
  CALL_LANGUAGES,
  CALL_STEPS,
  greeting,
  parseGreetingBoundaries,
  PHRASE_CATALOGUE,
} from '../standard/index.ts';

const Boundaries = z.object({ morningStartsAt: z.string(), dayStartsAt: z.string(), eveningStartsAt: z.string() });

/** The Standard as data for the screens and the public (Q3), and the settings that tune it (G2). */
export const settingsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config, now }) => {
  app.get('/standard', {
    config: { access: 'public' },
    schema: {
      operationId: 'getStandard',
      tags: ['standard'],
      summary: 'Стандарт комунікації як дані: фрази, кроки дзвінка, види звернень, строки (публічно)',
      response: {
        200: z.object({
          phrases: z.array(z.object({ requirement: z.string(), text: z.string(), source: z.enum(['standard', 'dovira']) })),
          steps: z.array(z.unknown()),
          appealKinds: z.record(z.string(), z.string()),
          languages: z.record(z.string(), z.string()),
          appealDeadlines: z.record(z.string(), z.unknown()),
          greetingNow: z.object({ period: z.string(), phrase: z.string() }),
          limits: z.object({
            holdSeconds: z.number().describe('H5: після скількох секунд утримання годинник стає червоним'),
            holdWarningBeforeSeconds: z.number().describe('H5: за скільки секунд до межі годинник стає бурштиновим'),
            badAudioTrySeconds: z.number().describe('T1: скільки секунд оператор намагається встановити зв’язок'),
          }),
        }),
      },
    },
  }, async () => ({
    phrases: PHRASE_CATALOGUE.map((p) => ({ requirement: p.requirement, text: p.text, source: p.source })),
    steps: [...CALL_STEPS],
    appealKinds: { ...APPEAL_KINDS },
    languages: { ...CALL_LANGUAGES },
    appealDeadlines: { ...APPEAL_DEADLINES },
    greetingNow: greeting(now(), await loadGreetingBoundaries(db)),
    limits: { holdSeconds: config.holdLimitSeconds, holdWarningBeforeSeconds: HOLD_WARNING_BEFORE_SECONDS, badAudioTrySeconds: BAD_AUDIO_TRY_SECONDS },
  }));

  app.get('/settings/greeting-boundaries', {
    config: { access: 'authenticated' },
    schema: { operationId: 'getGreetingBoundaries', tags: ['settings'], summary: 'Межі ранку, дня і вечора для привітання (G2), за київським часом', response: { 200: Boundaries } },
  }, async () => loadGreetingBoundaries(db));

  app.put('/settings/greeting-boundaries', {
    config: { access: ['admin'] },
    schema: {
      operationId: 'setGreetingBoundaries', problems: [422],
      tags: ['settings'],
      summary: 'Змінити межі ранку, дня і вечора (G2)',
      body: z.strictObject({ morningStartsAt: z.string().max(5), dayStartsAt: z.string().max(5), eveningStartsAt: z.string().max(5) }),
      response: { 200: Boundaries },
    },
  }, async (request) => {
    const parsed = parseGreetingBoundaries(request.body);
    if (!parsed.ok) {
      throw new HttpProblem(422, 'greeting-boundaries', parsed.errors.join('; '), { errors: parsed.errors.map((message) => ({ field: 'body', message })) });
    }
    await db.transaction().execute(async (trx) => {
      const before = await loadGreetingBoundaries(trx);
      const value = JSON.stringify(parsed.boundaries);
      await trx.insertInto('settings').values({ key: GREETING_BOUNDARIES_SETTING, value, updated_at: now() })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now() })).execute();
      await recordAudit(trx, actorOf(request), { entityType: 'setting', entityId: GREETING_BOUNDARIES_SETTING, action: 'updated', changes: { from: before, to: parsed.boundaries } });
    });
    return parsed.boundaries;
  });

  app.get('/settings/missed-call-rule', {
    config: { access: ['supervisor', 'admin'] },
    schema: {
      operationId: 'getMissedCallRule', tags: ['settings'],
      summary: 'Правило зворотних дзвінків тим, кому ніхто не відповів (H3): після скількох секунд очікування і в які робочі години',
      response: { 200: MissedCallRuleSchema },
    },
  }, async () => loadMissedCallRule(db));

  app.put('/settings/missed-call-rule', {
    config: { access: ['supervisor', 'admin'] },
    schema: {
      operationId: 'setMissedCallRule', tags: ['settings'],
      summary: 'Змінити правило зворотних дзвінків після пропущених дзвінків (H3); діє для дзвінків, що завершаться після зміни',
      body: MissedCallRuleSchema,
      response: { 200: MissedCallRuleSchema },
    },
  }, async (request) => saveMissedCallRule(db, actorOf(request), request.body, now()));
};
