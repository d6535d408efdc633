// Appeal registration (POST /api/v1/appeals with an Idempotency-Key) against its ceiling: a plain
// single-row INSERT transaction through `pg` at the same concurrency on the same PostgreSQL server.
import { randomBytes, randomInt } from 'node:crypto';
import { measureCeiling, prepareCeiling } from '../lib/ceiling.ts';
import { runClosedLoop, type LoadResult } from '../lib/closed-loop.ts';
import { cpuMeter, type CpuShares } from '../lib/cpu.ts';
import { ms, percent, rate, table } from '../lib/format.ts';
import { createHttpClient } from '../lib/http-load.ts';
import { checkpoint, sampleWaits, type WaitProfile } from '../lib/postgres.ts';
import type { BenchContext, Scenario, ScenarioReport } from '../lib/scenario.ts';
import { round } from '../lib/stats.ts';

export const TARGET = { concurrency: 32, minRatio: 0.5, maxP99Ms: 50 } as const;
/** Above this share of failed requests the figures mean nothing and the bench fails. */
export const MAX_ERROR_RATE = 0.005;

const OPERATOR = { login: 'operator', password: 'operator-demo-17' };

const SURNAMES = ['Шевчук', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Мельник', 'Поліщук'];
const GIVEN_NAMES = ['Мар’яна', 'Олена', 'Андрій', 'Ігор', 'Наталія', 'Богдан', 'Ірина', 'Тарас'];
const PATRONYMICS = ['Олексіївна', 'Петрівна', 'Миколайович', 'Іванович', 'Василівна', 'Степанович'];
const PLACES = ['м. Житомир', 'м. Київ', 'м. Львів', 'с. Городище, Черкаська обл.', 'м. Харків', 'м. Одеса'];

export interface AppealFields {
  surname: string;
  givenName: string;
  patronymic: string;
  residence: string;
  essence: string;
  kind: 'request';
  phone: string;
}

/** A plausible oral appeal; the case number and the phone differ from one request to the next. */
export function appealFields(seq: number): AppealFields {
  return {
    surname: SURNAMES[seq % SURNAMES.length]!,
    givenName: GIVEN_NAMES[seq % GIVEN_NAMES.length]!,
    patronymic: PATRONYMICS[seq % PATRONYMICS.length]!,
    residence: PLACES[seq % PLACES.length]!,
    essence: `Прошу повідомити стан розгляду справи № ${100 + (seq % 900)}/${10_000 + seq}/25`,
    kind: 'request',
    phone: `+38067${String(randomInt(10_000_000)).padStart(7, '0')}`,
  };
}

interface Session {
  cookie: string;
  csrfToken: string;
}

async function logIn(baseUrl: string): Promise<Session> {
  const client = createHttpClient(baseUrl, 1);
  try {
    const answer = await client.request('POST', '/api/v1/auth/login', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OPERATOR),
    });
    if (answer.status !== 200) throw new Error(`login as ${OPERATOR.login} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const setCookie = answer.headers['set-cookie'] ?? [];
    const session = setCookie.map((cookie) => /^dovira_session=([^;]*)/.exec(cookie)?.[1]).find((value) => value !== undefined);
    const { csrfToken } = JSON.parse(answer.body) as { csrfToken?: unknown };
    if (!session || typeof csrfToken !== 'string') throw new Error('login answered 200 without a dovira_session cookie or a csrfToken');
    return { cookie: `dovira_session=${session}`, csrfToken };
  } finally {
    client.close();
  }
}

interface Measured {
  result: LoadResult;
  cpu: CpuShares | null;
  waits: WaitProfile;
}

async function measure(context: BenchContext, run: (hooks: { opened(): void; closed(): void }) => Promise<LoadResult>): Promise<Measured> {
  await checkpoint(context.serverUrl);
  const meter = cpuMeter(context.dovira.pid);
  const sampler = sampleWaits(context.serverUrl, context.databaseName);
  let result: LoadResult;
  try {
    result = await run({ opened: () => meter.start(), closed: () => meter.stop() });
  } finally {
    var waits = await sampler.stop(); // eslint-disable-line no-var
  }
  return { result, cpu: meter.shares(), waits };
}

function figures(measured: Measured) {
  const { result, cpu, waits } = measured;
  return {
    requestsPerSecond: round(result.perSecond, 1),
    p50Ms: round(result.latency.p50Ms, 2),
    p90Ms: round(result.latency.p90Ms, 2),
    p99Ms: round(result.latency.p99Ms, 2),
    maxMs: round(result.latency.maxMs, 2),
    meanMs: round(result.latency.meanMs, 2),
    completedInWindow: result.latency.count,
    attempted: result.attempted,
    failed: result.failed,
    failures: result.failures.slice(0, 5),
    cpuCores: cpu && {
      loadGenerator: round(cpu.loadGenerator, 2),
      dovira: cpu.dovira === null ? null : round(cpu.dovira, 2),
      postgres: cpu.postgres === null ? null : round(cpu.postgres, 2),
    },
    databaseBackends: waits.meanBackends,
  };
}

export const appealRegistration: Scenario = {
  key: 'appealRegistration',
  title: 'Appeal registration over HTTP vs. single-row INSERT ceiling',
  async run(context) {
    const { phases, log } = context;
    const session = await logIn(context.dovira.baseUrl);
    await prepareCeiling(context.databaseUrl);
    const runId = randomBytes(4).toString('hex');
    const levels: Array<{ concurrency: number; registration: Measured; ceiling: Measured }> = [];

    for (const concurrency of context.concurrency) {
      log(`  ${concurrency} clients: registration…`);
      const client = createHttpClient(context.dovira.baseUrl, concurrency);
      const headers = {
        'content-type': 'application/json',
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
      };
      let registration: Measured;
      try {
        registration = await measure(context, (hooks) => runClosedLoop(concurrency, phases, async (_worker, seq) => {
          const answer = await client.request('POST', '/api/v1/appeals', {
            headers: { ...headers, 'idempotency-key': `bench-${runId}-${concurrency}-${seq}` },
            body: JSON.stringify(appealFields(seq)),
          });
          if (answer.status === 201) return { ok: true };
          const problem = /"type"\s*:\s*"([^"]*)"/.exec(answer.body)?.[1] ?? answer.body.slice(0, 80);
          return { ok: false, failure: `HTTP ${answer.status} ${problem}` };
        }, hooks));
      } finally {
        client.close();
      }
      log(`  ${concurrency} clients: ceiling…`);
      const ceiling = await measure(context, (hooks) => measureCeiling(context.databaseUrl, concurrency, phases, (seq) => {
        const row = appealFields(seq);
        return [row.surname, row.givenName, row.patronymic, row.residence, row.essence, row.kind, row.phone];
      }).then((result) => result, (error: unknown) => { throw error; }).finally(() => undefined) as Promise<LoadResult>, );
      void hooksUnused;
      levels.push({ concurrency, registration, ceiling });
    }
    return report(context, levels);
  },
};
