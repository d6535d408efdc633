// PBX event ingest: the exchange's events posted to /api/v1/telephony/events at a fixed offered
// rate (open loop: the exchange does not wait for Dovira), in the batches an adapter sends every
// 20 ms. Measured: events per second applied, and the time from an event's batch being sent to the
// operator's WebSocket message about it. The ceiling: plain multi-row INSERTs of the same rows, in
// transactions of the same size, through `pg` on the same server in the same run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { runClosedLoop } from '../lib/closed-loop.ts';
import { ms, percent, rate, table } from '../lib/format.ts';
import { createHttpClient, type HttpClient } from '../lib/http-load.ts';
import { checkpoint, withClient } from '../lib/postgres.ts';
import type { BenchContext, Scenario, ScenarioReport } from '../lib/scenario.ts';
import { round, summarise } from '../lib/stats.ts';

/** The highest rate sustained with p99 under maxP99Ms, as a share of plain INSERTs of the same rows. */
export const TARGET = { minShareOfCeiling: 0.15, maxP99Ms: 100 } as const;
/** Where the search starts (every machine holds it) and how many halvings refine it after doubling. */
const FIRST_RATE = 500;
const SEARCH_STEPS = 3;
/** The ceiling's batches are those of this rate: 100 rows every 20 ms. */
const CEILING_RATE = 5000;
const TICK_MS = 20;
/** The event API's limit of events in one request (src/telephony/contract.ts). */
const EVENTS_PER_REQUEST = 100;
/** More requests than this outstanding means Dovira has fallen behind: later ticks are not offered. */
const MAX_IN_FLIGHT = 64;
const EXTENSION = '1017';
const ADMIN = { login: 'admin', password: 'admin-demo-pass' };
const OPERATOR = { login: 'operator', password: 'operator-demo-17' };

// A call's life as the exchange reports it, in ticks after it starts.
const LIFE: Array<{ tick: number; event: (call: string, at: string) => Record<string, unknown> }> = [
  { tick: 0, event: (call, at) => ({ type: 'offered', callId: call, timestamp: at, from: '+380671234567', to: EXTENSION, direction: 'inbound' }) },
  { tick: 1, event: (call, at) => ({ type: 'ringing', callId: call, timestamp: at, extension: EXTENSION }) },
  { tick: 3, event: (call, at) => ({ type: 'answered', callId: call, timestamp: at, extension: EXTENSION }) },
  { tick: 10, event: (call, at) => ({ type: 'hangup', callId: call, timestamp: at, cause: 'normal_clearing', by: 'caller' }) },
];

interface Session {
  cookie: string;
  csrfToken: string;
}

async function logIn(client: HttpClient, who: { login: string; password: string }): Promise<Session> {
  const answer = await client.request('POST', '/api/v1/auth/login', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
  if (answer.status !== 200) throw new Error(`login ${who.login}: ${answer.status} ${answer.body.slice(0, 200)}`);
  const cookie = (answer.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrfToken: (JSON.parse(answer.body) as { csrfToken: string }).csrfToken };
}

async function call(client: HttpClient, session: Session, method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const answer = await client.request(method, path, { headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken }, body: JSON.stringify(body) });
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

/** A PBX user with a token, and the demo operator's extension; the operator's session for the socket. */
async function prepare(baseUrl: string): Promise<{ token: string; operator: Session }> {
  const client = createHttpClient(baseUrl, 2);
  try {
    const admin = await logIn(client, ADMIN);
    const operator = await logIn(client, OPERATOR);
    const me = await client.request('GET', '/api/v1/auth/me', { headers: { cookie: operator.cookie } });
    const operatorId = (JSON.parse(me.body) as { user: { id: string } }).user.id;
    const pbx = await call(client, admin, 'POST', '/api/v1/users', { login: `bench-pbx-${randomBytes(3).toString('hex')}`, fullName: 'Телефонна станція', role: 'pbx', password: randomBytes(12).toString('hex') });
    const token = await call(client, admin, 'POST', `/api/v1/users/${String(pbx.id)}/api-tokens`, { name: 'bench' });
    await call(client, admin, 'PUT', `/api/v1/telephony/extensions/${EXTENSION}`, { operatorId });
    return { token: String(token.token), operator };
  } finally {
    client.close();
  }
}

interface LevelResult {
  offered: number;
  offeredInWindow: number;
  applied: number;
  sustainedPerSecond: number;
  notOffered: number;
  failedRequests: number;
  latency: ReturnType<typeof summarise>;
  unmatched: number;
}

async function runLevel(context: BenchContext, token: string, operator: Session, offeredRate: number, runId: string): Promise<LevelResult> {
  const { warmupMs, measureMs } = context.phases;
  const client = createHttpClient(context.dovira.baseUrl, MAX_IN_FLIGHT);
  // Every operator message per Dovira call, in arrival order.
  const arrivals = new Map<string, number[]>();
  const socket = new WebSocket(`${context.dovira.baseUrl.replace('http', 'ws')}/api/v1/live`, { headers: { cookie: operator.cookie, origin: context.dovira.baseUrl } });
  await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject); });
  socket.on('message', (data) => {
    const at = performance.now();
    const message = JSON.parse(String(data)) as { type: string; callId?: string };
    if (message.type !== 'call.changed' || !message.callId) return;
    const list = arrivals.get(message.callId) ?? [];
    list.push(at);
    arrivals.set(message.callId, list);
  });

  // Applied events per Dovira call with their batch's send time, in the order Dovira applied them.
  const sent = new Map<string, number[]>();
  let offeredInWindow = 0;
  let applied = 0;
  let notOffered = 0;
  let failedRequests = 0;
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  const windowStart = started + warmupMs;
  const windowEnd = windowStart + measureMs;
  const callsPerTick = (offeredRate / LIFE.length) * (TICK_MS / 1000);
  let callsStarted = 0;
  const schedule = new Map<number, Record<string, unknown>[]>();

  for (let tick = 0; ; tick++) {
    const tickAt = started + tick * TICK_MS;
    if (tickAt > windowEnd) break;
    const wait = tickAt - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const due = Math.floor((tick + 1) * callsPerTick) - callsStarted;
    for (let n = 0; n < due; n++, callsStarted++) {
      const pbxCall = `bench-${runId}-${offeredRate}-${callsStarted}`;
      for (const step of LIFE) {
        const list = schedule.get(tick + step.tick) ?? [];
        list.push({ ...step.event(pbxCall, ''), eventId: `${pbxCall}-${step.tick}` });
        schedule.set(tick + step.tick, list);
      }
    }
    const batch = schedule.get(tick) ?? [];
    schedule.delete(tick);
    if (!batch.length) continue;
    const inWindow = tickAt >= windowStart;
    if (inFlight >= MAX_IN_FLIGHT) {
      if (inWindow) notOffered += batch.length;
      continue;
    }
    const now = new Date().toISOString();
    for (const event of batch) event.timestamp = now;
    if (inWindow) offeredInWindow += batch.length;
    const sentAt = performance.now();
    // The event API takes at most EVENTS_PER_REQUEST events a request: a busier tick sends several.
    for (let from = 0; from < batch.length; from += EVENTS_PER_REQUEST) {
      inFlight++;
      pending.push(client.request('POST', '/api/v1/telephony/events', {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ events: batch.slice(from, from + EVENTS_PER_REQUEST) }),
      }).then((answer) => {
        if (answer.status !== 200) {
          failedRequests++;
          return;
        }
        const { results } = JSON.parse(answer.body) as { results: Array<{ outcome: string; callId: string | null }> };
        for (const outcome of results) {
          if (outcome.outcome !== 'applied' || !outcome.callId) continue;
          if (inWindow && performance.now() <= windowEnd) applied++;
          const times = sent.get(outcome.callId) ?? [];
          times.push(inWindow ? sentAt : Number.NaN);
          sent.set(outcome.callId, times);
        }
      }, () => { failedRequests++; }).finally(() => { inFlight--; }));
    }
  }
  await Promise.all(pending);
  await new Promise((resolve) => setTimeout(resolve, 500)); // the last messages
  socket.close();
  client.close();

  const latencies: number[] = [];
  let unmatched = 0;
  for (const [callId, times] of sent) {
    const got = arrivals.get(callId) ?? [];
    times.forEach((sentAt, index) => {
      if (Number.isNaN(sentAt)) return;
      const arrived = got[index];
      if (arrived === undefined) unmatched++;
      else latencies.push(arrived - sentAt);
    });
  }
  return {
    offered: offeredRate,
    offeredInWindow,
    applied,
    sustainedPerSecond: applied / (measureMs / 1000),
    notOffered,
    failedRequests,
    latency: summarise(latencies),
    unmatched,
  };
}

const CEILING_TABLE = `CREATE TABLE IF NOT EXISTS bench_event_ceiling (
  id bigserial PRIMARY KEY, pbx_event_id text NOT NULL UNIQUE, pbx_call_id text NOT NULL, type text NOT NULL,
  occurred_at timestamptz NOT NULL, received_at timestamptz NOT NULL, payload jsonb NOT NULL, outcome text NOT NULL)`;

/** Plain INSERTs of the same rows, in transactions of one batch each, by a few writers in a closed loop. */
async function measureCeiling(context: BenchContext, batchSize: number): Promise<number> {
  await withClient(context.databaseUrl, (client) => client.query(CEILING_TABLE));
  await checkpoint(context.serverUrl);
  const pool = new pg.Pool({ connectionString: context.databaseUrl, max: 4 });
  try {
    const result = await runClosedLoop(4, context.phases, async (_worker, seq) => {
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let n = 0; n < batchSize; n++) {
        const base = values.length;
        const id = `ceiling-${seq}-${n}`;
        values.push(id, `call-${seq}`, 'answered', new Date(), new Date(), JSON.stringify({ type: 'answered', callId: `call-${seq}`, extension: EXTENSION }), 'applied');
        rows.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7})`);
      }
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`INSERT INTO bench_event_ceiling (pbx_event_id, pbx_call_id, type, occurred_at, received_at, payload, outcome) VALUES ${rows.join(', ')}`, values);
        await client.query('COMMIT');
      } finally {
        client.release();
      }
      return { ok: true };
    });
    return result.perSecond * batchSize;
  } finally {
    await pool.end();
  }
}

/** A level holds when nearly all it offered was applied, p99 stayed under the limit and every event reached the operator. */
function holds(level: LevelResult): boolean {
  return level.failedRequests === 0 && level.notOffered === 0 && level.unmatched === 0
    && level.sustainedPerSecond >= level.offered * 0.98 && level.latency.p99Ms < TARGET.maxP99Ms;
}

export const eventIngest: Scenario = {
  key: 'eventIngest',
  title: 'PBX event ingest: the highest rate sustained with p99 < 100 ms (open loop, batches every 20 ms), as a share of plain INSERTs',
  async run(context): Promise<ScenarioReport> {
    const { token, operator } = await prepare(context.dovira.baseUrl);
    const runId = randomBytes(4).toString('hex');
    // The ceiling first: the search's steps are then a share of what this machine can write at all.
    const batchAt = (offered: number) => Math.max(1, Math.round((offered * TICK_MS) / 1000));
    context.log(`  ceiling: plain INSERTs of ${batchAt(CEILING_RATE)}-row batches…`);
    const ceiling = await measureCeiling(context, batchAt(CEILING_RATE));

    // Doubling from a rate every machine holds until one does not, then halving the gap.
    const levels: LevelResult[] = [];
    const measure = async (offered: number): Promise<LevelResult> => {
      context.log(`  ${Math.round(offered)} events/s offered…`);
      await checkpoint(context.serverUrl);
      const level = await runLevel(context, token, operator, Math.round(offered), runId);
      levels.push(level);
      return level;
    };
    let held: LevelResult | undefined;
    let failedAt: number | undefined;
    for (let offered = FIRST_RATE; offered <= ceiling; offered *= 2) {
      const level = await measure(offered);
      if (!holds(level)) {
        failedAt = offered;
        break;
      }
      held = level;
    }
    let low = held?.offered ?? 0;
    let high = failedAt ?? low;
    for (let step = 0; step < SEARCH_STEPS && high - low > low * 0.05; step++) {
      const middle = (low + high) / 2;
      const level = await measure(middle);
      if (holds(level)) {
        held = level;
        low = level.offered;
      } else {
        high = middle;
      }
    }

    const sustained = held?.sustainedPerSecond ?? 0;
    const ratio = sustained / ceiling;
    const verdict = ratio >= TARGET.minShareOfCeiling ? 'PASS' : 'MISS';
    const lines = [
      `Target: the highest rate sustained with p99 < ${TARGET.maxP99Ms} ms is at least ${percent(TARGET.minShareOfCeiling)} of plain INSERTs of the same rows:`,
      `  ${percent(ratio)} of the ceiling (${rate(sustained)} of ${rate(ceiling)} rows/s)  →  ${verdict}`,
      '',
      'Every level measured, in the order run. Latency: from the batch being sent to the operator\'s WebSocket message for that event, in ms.',
      ...table(['offered/s', 'applied/s', 'share of ceiling', 'not offered', 'failed req', 'p50', 'p99', 'max', 'no message', 'holds'], levels.map((level) => [
        rate(level.offered),
        rate(level.sustainedPerSecond),
        percent(level.sustainedPerSecond / ceiling),
        String(level.notOffered),
        String(level.failedRequests),
        ms(level.latency.p50Ms),
        ms(level.latency.p99Ms),
        ms(level.latency.maxMs),
        String(level.unmatched),
        holds(level) ? 'yes' : 'no',
      ])),
      '',
      `Ceiling: plain INSERTs of the same rows in ${batchAt(CEILING_RATE)}-row transactions, 4 writers: ${rate(ceiling)} rows/s.`,
    ];
    return {
      lines,
      data: {
        target: { ...TARGET, verdict },
        tickMs: TICK_MS,
        sustainedPerSecond: round(sustained, 1),
        shareOfCeiling: round(ratio, 4),
        ceilingRowsPerSecond: round(ceiling, 1),
        levels: levels.map((level) => ({ ...level, sustainedPerSecond: round(level.sustainedPerSecond, 1), holds: holds(level), latency: Object.fromEntries(Object.entries(level.latency).map(([k, v]) => [k, round(v, 2)])) })),
      },
    };
  },
};
