// Hostile text against the server's responsiveness: the bodies that once stalled the whole server
// through backtracking patterns (an article of «[a](» repeated, a letter and 200 000 spaces, «<» and
// 30 000 line breaks as an appeal's essence) sent by several clients, while one client reads
// /api/v1/health; against the same /health reader alone, in the same run.
import { setTimeout as sleep } from 'node:timers/promises';
import { runClosedLoop, type LoadResult, type Outcome } from '../lib/closed-loop.ts';
import { ms, rate, table } from '../lib/format.ts';
import { createHttpClient, type HttpClient } from '../lib/http-load.ts';
import type { Scenario } from '../lib/scenario.ts';
import { round } from '../lib/stats.ts';

export const TARGET = { maxP99Ratio: 2 } as const;
/** Clients sending hostile bodies, each waiting this long after an answer before its next body. */
const HOSTILE_CLIENTS = 4;
const HOSTILE_PAUSE_MS = 50;
const MAX_ERROR_RATE = 0.005;

const SUPERVISOR = { login: 'supervisor', password: 'supervisor-demo' };
const OPERATOR = { login: 'operator', password: 'operator-demo-17' };
const PHONE = '+380671234567';

const linkOpeners = '[a]('.repeat(1000) + 'ворожий'.repeat(715).slice(0, 5000);
const spaced = (spaces: number) => `а${' '.repeat(spaces)}б`;
const tagAfterBreaks = (breaks: number, last: string) => `<${'\n'.repeat(breaks)}${last}`;

interface Session {
  headers: Record<string, string>;
}

async function logIn(client: HttpClient, credentials: { login: string; password: string }): Promise<Session> {
  const answer = await client.request('POST', '/api/v1/auth/login', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
  if (answer.status !== 200) throw new Error(`login as ${credentials.login} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  const cookie = (answer.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]!).find((pair) => pair.startsWith('dovira_session='));
  const { csrfToken } = JSON.parse(answer.body) as { csrfToken?: unknown };
  if (!cookie || typeof csrfToken !== 'string') throw new Error(`login as ${credentials.login} answered 200 without a session cookie or a csrfToken`);
  return { headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken } };
}

interface Probe {
  what: string;
  method: string;
  path: string;
  as: 'supervisor' | 'operator';
  body?: string;
  /** The answer an honest server gives: stored or found (2xx), or refused naming the field (400). */
  status: number;
}

function probes(articleId: string): Probe[] {
  const json = (value: unknown) => JSON.stringify(value);
  return [
    { what: 'article of «[a](» ×1000 saved', method: 'PATCH', path: `/api/v1/knowledge/articles/${articleId}`, as: 'supervisor', body: json({ bodyMarkdown: linkOpeners }), status: 200 },
    { what: 'search showing that article', method: 'GET', path: `/api/v1/knowledge/articles?q=${encodeURIComponent('дужки')}`, as: 'operator', status: 200 },
    { what: 'article of 200 000 spaces', method: 'POST', path: '/api/v1/knowledge/articles', as: 'supervisor', body: json({ title: 'Пробіли', bodyMarkdown: spaced(200_000) }), status: 400 },
    { what: 'essence «<» + 30 000 breaks', method: 'POST', path: '/api/v1/appeals/repeat-check', as: 'operator', body: json({ phone: PHONE, essence: tagAfterBreaks(30_000, 'a') }), status: 400 },
    { what: 'essence «<» + 4 000 breaks + 1', method: 'POST', path: '/api/v1/appeals/repeat-check', as: 'operator', body: json({ phone: PHONE, essence: tagAfterBreaks(4000, '1') }), status: 200 },
    { what: 'essence of 60 000 spaces', method: 'POST', path: '/api/v1/appeals/repeat-check', as: 'operator', body: json({ phone: PHONE, essence: spaced(60_000) }), status: 400 },
  ];
}

export const hostileText: Scenario = {
  key: 'hostileText',
  title: 'Hostile text (bodies that made backtracking patterns stall the server) vs. /api/v1/health alone',
  async run(context) {
    const { phases, log } = context;
    const setup = createHttpClient(context.dovira.baseUrl, 1);
    let sessions: Record<Probe['as'], Session>;
    let articleId: string;
    try {
      sessions = { supervisor: await logIn(setup, SUPERVISOR), operator: await logIn(setup, OPERATOR) };
      const created = await setup.request('POST', '/api/v1/knowledge/articles', {
        headers: sessions.supervisor.headers,
        body: JSON.stringify({ title: 'Ворожі дужки посилань', bodyMarkdown: linkOpeners }),
      });
      if (created.status !== 201) throw new Error(`creating the hostile article answered ${created.status}: ${created.body.slice(0, 300)}`);
      articleId = (JSON.parse(created.body) as { id: string }).id;
    } finally {
      setup.close();
    }
    const list = probes(articleId);

    const healthClient = createHttpClient(context.dovira.baseUrl, 1);
    const health = async (): Promise<Outcome> => {
      const answer = await healthClient.request('GET', '/api/v1/health');
      return answer.status === 200 ? { ok: true } : { ok: false, failure: `health HTTP ${answer.status}` };
    };
    const hostileClient = createHttpClient(context.dovira.baseUrl, HOSTILE_CLIENTS);
    const answered = new Map<string, { count: number; totalMs: number; maxMs: number }>();
    const hostile = async (_worker: number, seq: number): Promise<Outcome> => {
      const probe = list[seq % list.length]!;
      const sent = performance.now();
      const answer = await hostileClient.request(probe.method, probe.path, { headers: sessions[probe.as].headers, ...(probe.body ? { body: probe.body } : {}) });
      const took = performance.now() - sent;
      const seen = answered.get(probe.what) ?? { count: 0, totalMs: 0, maxMs: 0 };
      answered.set(probe.what, { count: seen.count + 1, totalMs: seen.totalMs + took, maxMs: Math.max(seen.maxMs, took) });
      await sleep(HOSTILE_PAUSE_MS);
      return answer.status === probe.status ? { ok: true } : { ok: false, failure: `${probe.what}: HTTP ${answer.status}, expected ${probe.status}` };
    };

    let alone: LoadResult;
    let underLoad: LoadResult;
    let load: LoadResult;
    try {
      log('  /health alone…');
      alone = await runClosedLoop(1, phases, health);
      log(`  /health with ${HOSTILE_CLIENTS} clients sending hostile bodies…`);
      [underLoad, load] = await Promise.all([runClosedLoop(1, phases, health), runClosedLoop(HOSTILE_CLIENTS, phases, hostile)]);
    } finally {
      healthClient.close();
      hostileClient.close();
    }

    const ratio = underLoad.latency.p99Ms / alone.latency.p99Ms;
    const verdict = ratio < TARGET.maxP99Ratio ? 'PASS' : 'MISS';
    const lines = [
      `Target: /health p99 under hostile load < ${TARGET.maxP99Ratio}× alone.`,
      `  ratio ${ratio.toFixed(2)}× (${ms(underLoad.latency.p99Ms)} vs ${ms(alone.latency.p99Ms)} ms)  →  ${verdict}`,
      '',
      `Latencies in ms; ratio = /health p99 under hostile load ÷ /health p99 alone. Hostile clients: ${HOSTILE_CLIENTS}, each pausing ${HOSTILE_PAUSE_MS} ms after an answer.`,
      ...table(
        ['/health', 'req/s', 'p50', 'p99', 'max'],
        ([['alone', alone], ['under hostile load', underLoad]] as const).map(([name, r]) => [name, rate(r.perSecond), ms(r.latency.p50Ms), ms(r.latency.p99Ms), ms(r.latency.maxMs)]),
      ),
      '',
      ...table(
        ['hostile body', 'sent', 'mean', 'max'],
        list.map((probe) => {
          const seen = answered.get(probe.what);
          return [`${probe.what} (→ ${probe.status})`, String(seen?.count ?? 0), ms(seen ? seen.totalMs / seen.count : Number.NaN), ms(seen?.maxMs ?? Number.NaN)];
        }),
      ),
    ];
    const failures = [...load.failures, ...underLoad.failures, ...alone.failures];
    if (failures.length) lines.push('', 'Unexpected answers:', ...failures.slice(0, 10).map((f) => `  ${f.failure} ×${f.count}`));

    const attempted = load.attempted + underLoad.attempted + alone.attempted;
    const failed = load.failed + underLoad.failed + alone.failed;
    const summary = (r: LoadResult) => ({
      requestsPerSecond: round(r.perSecond, 1), p50Ms: round(r.latency.p50Ms, 2), p99Ms: round(r.latency.p99Ms, 2), maxMs: round(r.latency.maxMs, 2),
      attempted: r.attempted, failed: r.failed, failures: r.failures.slice(0, 5),
    });
    const data = {
      timestamp: new Date().toISOString(),
      revision: context.revision,
      machine: context.machine,
      phases: { warmupSeconds: phases.warmupMs / 1000, measureSeconds: phases.measureMs / 1000 },
      workload: {
        health: 'GET /api/v1/health, one client, closed loop',
        hostile: `${HOSTILE_CLIENTS} clients, closed loop with ${HOSTILE_PAUSE_MS} ms pauses, cycling through: ${list.map((p) => `${p.what} (${p.method}, expects ${p.status})`).join('; ')}`,
      },
      target: { ...TARGET, verdict },
      ratio: round(ratio, 3),
      healthAlone: summary(alone),
      healthUnderLoad: summary(underLoad),
      hostile: { attempted: load.attempted, failed: load.failed, failures: load.failures.slice(0, 5), byBody: Object.fromEntries([...answered].map(([what, seen]) => [what, { sent: seen.count, meanMs: round(seen.totalMs / seen.count, 2), maxMs: round(seen.maxMs, 2) }])) },
    };
    const errorRate = attempted ? failed / attempted : 0;
    return errorRate > MAX_ERROR_RATE
      ? { lines, data, failure: `${failed} of ${attempted} requests had an unexpected answer (${(errorRate * 100).toFixed(2)}% > ${MAX_ERROR_RATE * 100}%)` }
      : { lines, data };
  },
};
