// What the hardening costs appeal registration: the server as deployed (security headers on every
// answer, the check for unstorable text on every request, the rate limits) against the same server
// started without them (bench/lib/unhardened-server.ts), on the same database, alternating.
import { randomBytes } from 'node:crypto';
import { runClosedLoop } from '../lib/closed-loop.ts';
import { startDovira, type DoviraServer } from '../lib/dovira-server.ts';
import { ms, percent, rate, table } from '../lib/format.ts';
import { createHttpClient } from '../lib/http-load.ts';
import type { BenchContext, Scenario } from '../lib/scenario.ts';
import { round } from '../lib/stats.ts';
import { appealFields, figures, logIn, measure, MAX_ERROR_RATE, type Measured } from './appeal-registration.ts';

export const TARGET = { concurrency: 32, minRatio: 0.95 } as const;

interface Pair {
  hardened: Measured;
  unhardened: Measured;
}

const ratioOf = (pair: Pair) => pair.hardened.result.perSecond / pair.unhardened.result.perSecond;

async function registrations(context: BenchContext, server: DoviraServer, label: string): Promise<Measured> {
  const session = await logIn(server.baseUrl);
  const headers = { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  const runId = randomBytes(4).toString('hex');
  const client = createHttpClient(server.baseUrl, TARGET.concurrency);
  try {
    return await measure({ ...context, dovira: server }, (hooks) => runClosedLoop(TARGET.concurrency, context.phases, async (_worker, seq) => {
      const answer = await client.request('POST', '/api/v1/appeals', {
        headers: { ...headers, 'idempotency-key': `hardening-${label}-${runId}-${seq}` },
        body: JSON.stringify(appealFields(seq)),
      });
      return answer.status === 201 ? { ok: true } : { ok: false, failure: `HTTP ${answer.status}` };
    }, hooks));
  } finally {
    client.close();
  }
}

export const hardeningCost: Scenario = {
  key: 'hardeningCost',
  title: 'Appeal registration with the hardening (security headers, unstorable-text check, rate limits) vs. without it',
  async run(context) {
    const { log } = context;
    log('  starting the same server without its hardening, on the same database…');
    const unhardened = await startDovira(context.repoRoot, context.databaseUrl, {}, 'bench/lib/unhardened-server.ts');
    const pairs: Pair[] = [];
    try {
      const check = createHttpClient(unhardened.baseUrl, 1);
      const bare = await check.request('GET', '/api/v1/health');
      check.close();
      if (bare.headers['content-security-policy'] !== undefined) throw new Error('the unhardened server sends a Content-Security-Policy: it is not what it claims to be');
      // Alternating, each pair in both orders in turn, so that neither always runs on a warmer database.
      for (let n = 1; n <= context.pairs; n++) {
        const order = n % 2 === 1 ? ['hardened', 'unhardened'] as const : ['unhardened', 'hardened'] as const;
        const pair: Partial<Pair> = {};
        for (const which of order) {
          log(`  ${TARGET.concurrency} clients, pair ${n} of ${context.pairs}: ${which}…`);
          pair[which] = await registrations(context, which === 'hardened' ? context.dovira : unhardened, which);
        }
        pairs.push(pair as Pair);
      }
    } finally {
      await unhardened.stop();
    }

    const sorted = [...pairs].sort((a, b) => ratioOf(a) - ratioOf(b));
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    const ratio = ratioOf(median);
    const verdict = ratio >= TARGET.minRatio ? 'PASS' : 'MISS';
    const lines = table(
      ['server', 'req/s', 'p50', 'p99', 'max', 'errors'],
      (['hardened', 'unhardened'] as const).map((which) => {
        const result = median[which].result;
        return [which, rate(result.perSecond), ms(result.latency.p50Ms), ms(result.latency.p99Ms), ms(result.latency.maxMs), `${result.failed}/${result.attempted}`];
      }),
    );
    lines.unshift(`${TARGET.concurrency} clients registering appeals; the median of ${pairs.length} pair(s); ratio = hardened req/s ÷ unhardened req/s.`);
    lines.push('', `Ratio of every pair, in the order run: ${pairs.map((pair) => percent(ratioOf(pair))).join(', ')}`);
    lines.push(`Target: the hardening costs under ${percent(1 - TARGET.minRatio)} of the registration rate (ratio ≥ ${percent(TARGET.minRatio)}): ${percent(ratio)}  →  ${verdict}`);

    const attempted = pairs.reduce((sum, pair) => sum + pair.hardened.result.attempted + pair.unhardened.result.attempted, 0);
    const failed = pairs.reduce((sum, pair) => sum + pair.hardened.result.failed + pair.unhardened.result.failed, 0);
    const errorRate = attempted ? failed / attempted : 0;
    const data = {
      timestamp: new Date().toISOString(),
      revision: context.revision,
      machine: context.machine,
      phases: { warmupSeconds: context.phases.warmupMs / 1000, measureSeconds: context.phases.measureMs / 1000 },
      target: { ...TARGET, verdict },
      ratio: round(ratio, 3),
      errorRate: round(errorRate, 5),
      pairs: pairs.map((pair) => ({ ratio: round(ratioOf(pair), 3), hardened: figures(pair.hardened), unhardened: figures(pair.unhardened) })),
    };
    return errorRate > MAX_ERROR_RATE
      ? { lines, data, failure: `${failed} of ${attempted} requests failed (${(errorRate * 100).toFixed(2)}% > ${MAX_ERROR_RATE * 100}%)` }
      : { lines, data };
  },
};
