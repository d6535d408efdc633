// What the hardening costs appeal registration: the server as deployed (security headers on every
// answer, the check for unstorable text on every request, the rate limits) against the same server
// started without them (bench/lib/unhardened-server.ts), on the same database, loaded at the same time.
import { randomBytes } from 'node:crypto';
import { runClosedLoop, type LoadResult } from '../lib/closed-loop.ts';
import { startDovira, type DoviraServer } from '../lib/dovira-server.ts';
import { ms, percent, rate, table } from '../lib/format.ts';
import { createHttpClient } from '../lib/http-load.ts';
import { checkpoint, vacuum, withClient } from '../lib/postgres.ts';
import type { BenchContext, Scenario } from '../lib/scenario.ts';
import { round } from '../lib/stats.ts';
import { appealFields, logIn, MAX_ERROR_RATE } from './appeal-registration.ts';

/** 32 clients in all, half on each server. */
export const TARGET = { concurrency: 32, minRatio: 0.95 } as const;
/** Rounds measured at least: on a shared machine one round's ratio still swings by a few points. */
const MIN_ROUNDS = 5;
/** How long the outbox may take to catch up with a round's appeals before the next one. */
const OUTBOX_DRAIN_MS = 120_000;

interface Round {
  hardened: LoadResult;
  unhardened: LoadResult;
}

const ratioOf = (round: Round) => round.hardened.perSecond / round.unhardened.perSecond;

/** Registrations on one server from `clients` clients, in the given window. */
async function registrations(server: DoviraServer, clients: number, phases: BenchContext['phases'], label: string): Promise<LoadResult> {
  const session = await logIn(server.baseUrl);
  const headers = { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  const runId = randomBytes(4).toString('hex');
  const client = createHttpClient(server.baseUrl, clients);
  try {
    return await runClosedLoop(clients, phases, async (_worker, seq) => {
      const answer = await client.request('POST', '/api/v1/appeals', {
        headers: { ...headers, 'idempotency-key': `hardening-${label}-${runId}-${seq}` },
        body: JSON.stringify(appealFields(seq)),
      });
      return answer.status === 201 ? { ok: true } : { ok: false, failure: `HTTP ${answer.status}` };
    });
  } finally {
    client.close();
  }
}

/**
 * Both servers at once, each from half the clients, in the same window: whatever else the machine
 * does in that window slows both alike, so the ratio of their rates is the hardening's own cost.
 */
async function measureRound(context: BenchContext, unhardened: DoviraServer, label: string): Promise<Round> {
  await checkpoint(context.serverUrl);
  const half = TARGET.concurrency / 2;
  const [hardened, bare] = await Promise.all([
    registrations(context.dovira, half, context.phases, `${label}-hardened`),
    registrations(unhardened, half, context.phases, `${label}-unhardened`),
  ]);
  await vacuum(context.databaseUrl);
  await outboxCaughtUp(context.databaseUrl);
  return { hardened, unhardened: bare };
}

/** Waits until every e-mail event of the appeals registered so far has been taken up, so the next round starts clean. */
async function outboxCaughtUp(databaseUrl: string): Promise<void> {
  const deadline = Date.now() + OUTBOX_DRAIN_MS;
  await withClient(databaseUrl, async (client) => {
    for (;;) {
      const { rows } = await client.query<{ waiting: number }>('SELECT count(*)::int AS waiting FROM outbox_events WHERE expanded_at IS NULL');
      if (rows[0]!.waiting === 0) return;
      if (Date.now() > deadline) throw new Error(`the outbox did not catch up within ${OUTBOX_DRAIN_MS / 1000} s: ${rows[0]!.waiting} events waiting`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
}

function figures(result: LoadResult) {
  return {
    requestsPerSecond: round(result.perSecond, 1),
    p50Ms: round(result.latency.p50Ms, 2),
    p99Ms: round(result.latency.p99Ms, 2),
    maxMs: round(result.latency.maxMs, 2),
    attempted: result.attempted,
    failed: result.failed,
    failures: result.failures.slice(0, 5),
  };
}

export const hardeningCost: Scenario = {
  key: 'hardeningCost',
  title: 'Appeal registration with the hardening (security headers, unstorable-text check, rate limits) vs. without it, side by side',
  async run(context) {
    const { log } = context;
    log('  starting the same server without its hardening, on the same database…');
    const unhardened = await startDovira(context.repoRoot, context.databaseUrl, {}, 'bench/lib/unhardened-server.ts');
    const rounds: Round[] = [];
    try {
      const check = createHttpClient(unhardened.baseUrl, 1);
      const bare = await check.request('GET', '/api/v1/health');
      check.close();
      if (bare.headers['content-security-policy'] !== undefined) throw new Error('the unhardened server sends a Content-Security-Policy: it is not what it claims to be');
      // A round first that is not counted: a server's code is compiled as it runs, and the one that
      // has served more (the deployed one, after appealRegistration) would otherwise look cheaper.
      log(`  ${TARGET.concurrency} clients, half on each server: warming both up (not counted)…`);
      await measureRound(context, unhardened, 'warm-up');
      const count = Math.max(context.pairs, MIN_ROUNDS);
      for (let n = 1; n <= count; n++) {
        log(`  ${TARGET.concurrency} clients, half on each server: round ${n} of ${count}…`);
        rounds.push(await measureRound(context, unhardened, `round-${n}`));
      }
    } finally {
      await unhardened.stop();
    }

    const median = [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor((rounds.length - 1) / 2)]!;
    const ratio = ratioOf(median);
    const verdict = ratio >= TARGET.minRatio ? 'PASS' : 'MISS';
    const lines = table(
      ['server', 'clients', 'req/s', 'p50', 'p99', 'max', 'errors'],
      (['hardened', 'unhardened'] as const).map((which) => {
        const result = median[which];
        return [which, String(result.concurrency), rate(result.perSecond), ms(result.latency.p50Ms), ms(result.latency.p99Ms), ms(result.latency.maxMs), `${result.failed}/${result.attempted}`];
      }),
    );
    lines.unshift(
      `Target: the hardening costs under ${percent(1 - TARGET.minRatio)} of the registration rate (ratio ≥ ${percent(TARGET.minRatio)}): ${percent(ratio)}  →  ${verdict}`,
      '',
      `Both servers loaded at the same time, ${TARGET.concurrency / 2} clients each; the round with the median ratio of ${rounds.length}; ratio = hardened req/s ÷ unhardened req/s.`,
    );
    lines.push('', `Ratio of every round, in the order run: ${rounds.map((r) => percent(ratioOf(r))).join(', ')}`);

    const attempted = rounds.reduce((sum, r) => sum + r.hardened.attempted + r.unhardened.attempted, 0);
    const failed = rounds.reduce((sum, r) => sum + r.hardened.failed + r.unhardened.failed, 0);
    const errorRate = attempted ? failed / attempted : 0;
    const data = {
      timestamp: new Date().toISOString(),
      revision: context.revision,
      machine: context.machine,
      phases: { warmupSeconds: context.phases.warmupMs / 1000, measureSeconds: context.phases.measureMs / 1000 },
      target: { ...TARGET, verdict },
      ratio: round(ratio, 3),
      errorRate: round(errorRate, 5),
      rounds: rounds.map((r) => ({ ratio: round(ratioOf(r), 3), hardened: figures(r.hardened), unhardened: figures(r.unhardened) })),
    };
    return errorRate > MAX_ERROR_RATE
      ? { lines, data, failure: `${failed} of ${attempted} requests failed (${(errorRate * 100).toFixed(2)}% > ${MAX_ERROR_RATE * 100}%)` }
      : { lines, data };
  },
};
