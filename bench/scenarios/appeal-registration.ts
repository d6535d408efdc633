// Appeal registration (POST /api/v1/appeals with an Idempotency-Key) against its ceiling: a plain
// single-row INSERT transaction through `pg` at the same concurrency on the same PostgreSQL server.
import { randomBytes, randomInt } from 'node:crypto';
import { measureCeiling, prepareCeiling } from '../lib/ceiling.ts';
import { runClosedLoop, type LoadResult, type WindowHooks } from '../lib/closed-loop.ts';
import { cpuMeter, type CpuShares } from '../lib/cpu.ts';
import { ms, percent, rate, table } from '../lib/format.ts';
import { createHttpClient } from '../lib/http-load.ts';
import { checkpoint, sampleWaits, vacuum, type WaitProfile } from '../lib/postgres.ts';
import type { BenchContext, Scenario, ScenarioReport } from '../lib/scenario.ts';
import { round } from '../lib/stats.ts';

/** At 32 clients: at least half the ceiling's rate, and a p99 at most three times the ceiling's p99 of the same pair. */
export const TARGET = { concurrency: 32, minRatio: 0.5, maxP99Ratio: 3 } as const;
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

export async function logIn(baseUrl: string): Promise<Session> {
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

/** One measurement: a CHECKPOINT first, then the load, with CPU and pg_stat_activity watched during the window, then a VACUUM. */
async function measure(context: BenchContext, run: (hooks: WindowHooks) => Promise<LoadResult>): Promise<Measured> {
  await checkpoint(context.serverUrl);
  const meter = cpuMeter(context.dovira.pid, context.postmasterPid);
  const sampler = sampleWaits(context.serverUrl, context.databaseName);
  const outcome = await run({ opened: () => meter.start(), closed: () => meter.stop() }).then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  const waits = await sampler.stop();
  // What this load wrote is vacuumed now, not by autovacuum during the next one's window. Not before
  // the first load: statistics taken of empty tables would mislead the planner for its whole window.
  await vacuum(context.databaseUrl);
  if ('error' in outcome) throw outcome.error;
  return { result: outcome.result, cpu: meter.shares(), waits };
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
      other: cpu.other === null ? null : round(cpu.other, 2),
      machine: cpu.machine === null ? null : round(cpu.machine, 2),
    },
    databaseBackends: waits.meanBackends,
    ...(waits.error ? { databaseBackendsError: waits.error } : {}),
  };
}

/** A registration measurement and the ceiling measured right after it. */
interface Pair {
  registration: Measured;
  ceiling: Measured;
}

interface Level {
  concurrency: number;
  /** In the order run. */
  pairs: Pair[];
  /** The pair with the median ratio: the level's figures. */
  median: Pair;
}

const ratioOf = (pair: Pair) => pair.registration.result.perSecond / pair.ceiling.result.perSecond;

/** The pair whose ratio is the median (the lower middle one of an even count). */
function medianPair(pairs: Pair[]): Pair {
  const sorted = [...pairs].sort((a, b) => ratioOf(a) - ratioOf(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export const appealRegistration: Scenario = {
  key: 'appealRegistration',
  title: 'Appeal registration over HTTP vs. its ceiling (single-row INSERT transactions through pg)',
  async run(context) {
    const { phases, log } = context;
    const session = await logIn(context.dovira.baseUrl);
    await prepareCeiling(context.databaseUrl);
    const runId = randomBytes(4).toString('hex');
    const headers = { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken };
    const levels: Level[] = [];

    for (const concurrency of context.concurrency) {
      const pairs: Pair[] = [];
      // Registration and ceiling alternate, so that a stretch of a busier machine lowers both of a pair.
      for (let n = 1; n <= context.pairs; n++) {
        const which = context.pairs > 1 ? `, pair ${n} of ${context.pairs}` : '';
        log(`  ${concurrency} clients${which}: appeal registration over HTTP…`);
        const client = createHttpClient(context.dovira.baseUrl, concurrency);
        let registration: Measured;
        try {
          registration = await measure(context, (hooks) => runClosedLoop(concurrency, phases, async (_worker, seq) => {
            const answer = await client.request('POST', '/api/v1/appeals', {
              headers: { ...headers, 'idempotency-key': `bench-${runId}-${concurrency}-${n}-${seq}` },
              body: JSON.stringify(appealFields(seq)),
            });
            if (answer.status === 201) return { ok: true };
            const problem = /"type"\s*:\s*"([^"]*)"/.exec(answer.body)?.[1] ?? answer.body.slice(0, 80);
            return { ok: false, failure: `HTTP ${answer.status} ${problem}` };
          }, hooks));
        } finally {
          client.close();
        }
        log(`  ${concurrency} clients${which}: ceiling (BEGIN; INSERT; COMMIT through pg)…`);
        const ceiling = await measure(context, (hooks) => measureCeiling(context.databaseUrl, concurrency, phases, (seq) => {
          const row = appealFields(seq);
          return [row.surname, row.givenName, row.patronymic, row.residence, row.essence, row.kind, row.phone];
        }, hooks));
        pairs.push({ registration, ceiling });
      }
      levels.push({ concurrency, pairs, median: medianPair(pairs) });
    }
    return report(context, levels);
  },
};

/** Registration's p99 ÷ the ceiling's p99 in the same pair. */
function p99RatioOf(pair: Pair): number {
  return pair.registration.result.latency.p99Ms / pair.ceiling.result.latency.p99Ms;
}

function report(context: BenchContext, levels: Level[]): ScenarioReport {
  const lines = table(
    ['clients', 'reg req/s', 'reg p50', 'reg p99', 'reg max', 'ceil req/s', 'ceil p50', 'ceil p99', 'ratio', 'reg errors'],
    levels.map((level) => {
      const r = level.median.registration.result;
      const c = level.median.ceiling.result;
      return [
        String(level.concurrency),
        rate(r.perSecond), ms(r.latency.p50Ms), ms(r.latency.p99Ms), ms(r.latency.maxMs),
        rate(c.perSecond), ms(c.latency.p50Ms), ms(c.latency.p99Ms),
        percent(ratioOf(level.median)),
        `${level.pairs.reduce((sum, pair) => sum + pair.registration.result.failed, 0)}/${level.pairs.reduce((sum, pair) => sum + pair.registration.result.attempted, 0)}`,
      ];
    }),
  );
  lines.unshift(
    'Latencies in ms; ratio = registration req/s ÷ ceiling req/s at the same number of clients.',
    `Each row is the median of ${context.pairs} pair${context.pairs > 1 ? 's' : ''} (a registration measurement, then its ceiling; BENCH_PAIRS); errors count all of them.`,
  );
  if (context.pairs > 1) {
    lines.push('', 'Ratio of every pair, in the order run:');
    for (const level of levels) lines.push(`  ${String(level.concurrency).padStart(4)} clients: ${level.pairs.map((pair) => percent(ratioOf(pair))).join(', ')}  → median ${percent(ratioOf(level.median))}`);
  }

  lines.push('', 'CPU during the window, in cores busy (the load generator, Dovira and PostgreSQL share the machine),');
  lines.push('and PostgreSQL backends of the run\'s database by state (mean over samples every 100 ms):');
  const cores = (value: number | null | undefined) => (value === null || value === undefined ? '-' : value.toFixed(2));
  const rows = levels.flatMap((level) => (['registration', 'ceiling'] as const).map((workload) => {
    const measured = level.median[workload];
    const backends = Object.entries(measured.waits.meanBackends).filter(([, n]) => n >= 0.1).map(([what, n]) => `${what} ${n}`).join(', ');
    return { level, workload, measured, backends };
  }));
  const cpuLines = table(
    ['clients', 'workload', 'load gen', 'dovira', 'postgres', 'other', 'all'],
    rows.map(({ level, workload, measured }) => [
      String(level.concurrency), workload, cores(measured.cpu?.loadGenerator), workload === 'ceiling' ? '-' : cores(measured.cpu?.dovira),
      cores(measured.cpu?.postgres), cores(measured.cpu?.other), cores(measured.cpu?.machine),
    ]),
  );
  lines.push(...cpuLines.map((line, index) => (index < 2 ? line : `${line}  ${rows[index - 2]!.backends || '-'}`)));

  const atTarget = levels.find((level) => level.concurrency === TARGET.concurrency);
  let verdict: 'PASS' | 'MISS' | 'NOT MEASURED';
  // The verdict comes first: a share of what this machine's PostgreSQL does at all, then the figures.
  const verdictLines: string[] = [];
  if (!atTarget) {
    verdict = 'NOT MEASURED';
    verdictLines.push(`Target (${TARGET.concurrency} clients): not measured in this run.`);
  } else {
    const ratio = ratioOf(atTarget.median);
    // The ratio of the median pair, and the worst p99 ratio of all pairs: a latency spike is not averaged away.
    const p99Ratio = Math.max(...atTarget.pairs.map(p99RatioOf));
    const ratioOk = ratio >= TARGET.minRatio;
    const p99Ok = p99Ratio <= TARGET.maxP99Ratio;
    verdict = ratioOk && p99Ok ? 'PASS' : 'MISS';
    const r = atTarget.median.registration.result;
    const c = atTarget.median.ceiling.result;
    verdictLines.push(`Target at ${TARGET.concurrency} clients: rate ≥ ${percent(TARGET.minRatio)} of the ceiling and p99 ≤ ${TARGET.maxP99Ratio}× the ceiling's, `
      + `with the audit event and the idempotency record in the same transaction.`);
    verdictLines.push(`  rate ${percent(ratio)} ${ratioOk ? 'ok' : 'short'} (median pair: ${rate(r.perSecond)} of ${rate(c.perSecond)} req/s), `
      + `p99 ${p99Ratio.toFixed(2)}× ${p99Ok ? 'ok' : 'over'} (worst pair; median pair ${ms(r.latency.p99Ms)} vs ${ms(c.latency.p99Ms)} ms)  →  ${verdict}`, '');
  }
  lines.unshift(...verdictLines);

  const allPairs = levels.flatMap((level) => level.pairs.map((pair) => ({ level, pair })));
  const attempted = allPairs.reduce((sum, { pair }) => sum + pair.registration.result.attempted + pair.ceiling.result.attempted, 0);
  const failed = allPairs.reduce((sum, { pair }) => sum + pair.registration.result.failed + pair.ceiling.result.failed, 0);
  const errorRate = attempted ? failed / attempted : 0;
  const failuresSeen = allPairs.flatMap(({ level, pair }) => [
    ...pair.registration.result.failures.map((f) => `${level.concurrency} clients, registration: ${f.failure} ×${f.count}`),
    ...pair.ceiling.result.failures.map((f) => `${level.concurrency} clients, ceiling: ${f.failure} ×${f.count}`),
  ]);
  if (failuresSeen.length) lines.push('', 'Failed requests:', ...failuresSeen.slice(0, 10).map((line) => `  ${line}`));

  const data = {
    timestamp: new Date().toISOString(),
    revision: context.revision,
    machine: context.machine,
    phases: { warmupSeconds: context.phases.warmupMs / 1000, measureSeconds: context.phases.measureMs / 1000 },
    workload: {
      registration: 'POST /api/v1/appeals as the demo operator (one shared session), a unique Idempotency-Key per request; '
        + 'node:http keep-alive, closed loop; 201 expected',
      ceiling: 'BEGIN; INSERT one row into bench_ceiling; COMMIT through a pg.Pool of max = clients, closed loop',
    },
    target: { ...TARGET, verdict },
    errorRate: round(errorRate, 5),
    pairsPerLevel: context.pairs,
    levels: levels.map((level) => ({
      concurrency: level.concurrency,
      ratio: round(ratioOf(level.median), 3),
      p99Ratio: round(p99RatioOf(level.median), 3),
      registration: figures(level.median.registration),
      ceiling: figures(level.median.ceiling),
      pairs: level.pairs.map((pair) => ({ ratio: round(ratioOf(pair), 3), registration: figures(pair.registration), ceiling: figures(pair.ceiling) })),
    })),
  };
  const report: ScenarioReport = { lines, data };
  if (errorRate > MAX_ERROR_RATE) report.failure = `${failed} of ${attempted} requests failed (${(errorRate * 100).toFixed(2)}% > ${MAX_ERROR_RATE * 100}%)`;
  return report;
}
