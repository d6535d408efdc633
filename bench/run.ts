// `npm run bench`: performance targets are measured here, never in tests.
//
// Starts (or uses, with BENCH_DATABASE_URL) a PostgreSQL server, creates a throw-away database,
// starts the real Dovira server on it as a child process, runs each scenario, prints its table and
// verdict, and writes bench/results/<UTC date>.json. Everything it started is stopped at the end,
// also on an error or Ctrl+C. Exits non-zero when a measurement is unusable (too many failed
// requests), never merely because a target was missed.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Phases } from './lib/closed-loop.ts';
import { machineBusyCores, postmasterPid } from './lib/cpu.ts';
import { startDovira } from './lib/dovira-server.ts';
import { createFreshDatabase, dropDatabase, serverInfo, startTempPostgres, stopTempPostgres } from './lib/postgres.ts';
import { saveResult } from './lib/results.ts';
import type { BenchContext, MachineInfo, Scenario } from './lib/scenario.ts';
import { appealRegistration } from './scenarios/appeal-registration.ts';
import { webWorkspace } from './scenarios/web-workspace.ts';
import { eventIngest } from './scenarios/event-ingest.ts';
import { hostileText } from './scenarios/hostile-text.ts';
import { hardeningCost } from './scenarios/hardening-cost.ts';
import { buildWeb, webBuildIsStale } from '../scripts/build-web.ts';

/** Every scenario, in the order they run; BENCH_SCENARIOS=key,key picks some. */
const SCENARIOS: Scenario[] = [appealRegistration, hardeningCost, eventIngest, webWorkspace, hostileText];

const repoRoot = path.resolve(import.meta.dirname, '..');

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 600) throw new Error(`${name}="${raw}" must be a number of seconds between 0 and 600`);
  return value;
}

function concurrencyLevels(): number[] {
  const raw = process.env.BENCH_CONCURRENCY;
  if (raw === undefined || raw === '') return [8, 32, 128];
  const levels = raw.split(',').map((part) => Number(part.trim()));
  if (!levels.length || levels.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) throw new Error(`BENCH_CONCURRENCY="${raw}" must be a comma-separated list of client counts`);
  return levels;
}

function pairsPerLevel(): number {
  const raw = process.env.BENCH_PAIRS;
  if (raw === undefined || raw === '') return 3;
  const pairs = Number(raw);
  if (!Number.isInteger(pairs) || pairs < 1 || pairs > 9) throw new Error(`BENCH_PAIRS="${raw}" must be a whole number from 1 to 9`);
  return pairs;
}

function chosenScenarios(): Scenario[] {
  const raw = process.env.BENCH_SCENARIOS;
  if (raw === undefined || raw === '') return SCENARIOS;
  const keys = raw.split(',').map((key) => key.trim());
  const unknown = keys.filter((key) => !SCENARIOS.some((scenario) => scenario.key === key));
  if (unknown.length) throw new Error(`BENCH_SCENARIOS: unknown ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.key).join(', ')}`);
  return SCENARIOS.filter((scenario) => keys.includes(scenario.key));
}

/** The checked-out commit, read from .git without running git; null when it cannot be told. */
async function revision(): Promise<string | null> {
  try {
    const head = (await readFile(path.join(repoRoot, '.git', 'HEAD'), 'utf8')).trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    try {
      return (await readFile(path.join(repoRoot, '.git', ref), 'utf8')).trim();
    } catch {
      const packed = await readFile(path.join(repoRoot, '.git', 'packed-refs'), 'utf8');
      return packed.split('\n').find((line) => line.endsWith(` ${ref}`))?.split(' ')[0] ?? null;
    }
  } catch {
    return null;
  }
}

// What was started, stopped in reverse order exactly once: at the end, on an error, or on a signal.
const cleanups: Array<{ what: string; run: () => Promise<void> }> = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`bench: could not ${step.what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, stopping what was started…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  const phases: Phases = { warmupMs: seconds('BENCH_WARMUP_SECONDS', 2) * 1000, measureMs: seconds('BENCH_SECONDS', 8) * 1000 };
  const concurrency = concurrencyLevels();
  const pairs = pairsPerLevel();
  const scenarios = chosenScenarios();
  const startedAt = new Date();

  let serverUrl = process.env.BENCH_DATABASE_URL;
  if (serverUrl) {
    console.log(`PostgreSQL: BENCH_DATABASE_URL (${new URL(serverUrl).host})`);
  } else {
    console.log('PostgreSQL: starting a throw-away server (scripts/postgres-temp.sh)…');
    const temp = await startTempPostgres(repoRoot);
    cleanups.push({ what: `stop the PostgreSQL server in ${temp.dir}`, run: () => stopTempPostgres(repoRoot, temp.dir) });
    serverUrl = temp.url;
  }
  const database = await createFreshDatabase(serverUrl, 'dovira_bench');
  cleanups.push({ what: `drop database ${database.name}`, run: () => dropDatabase(serverUrl, database.name) });

  if (scenarios.includes(webWorkspace) && webBuildIsStale()) {
    console.log('Web: building the workspace (web/ → web/dist)…');
    await buildWeb();
  }
  console.log(`Dovira: starting node src/main.ts on database ${database.name}…`);
  const dovira = await startDovira(repoRoot, database.url);
  cleanups.push({ what: 'stop the Dovira server', run: () => dovira.stop() });

  const cores = os.availableParallelism();
  const busy = await machineBusyCores();
  const machine: MachineInfo = {
    cores,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
    busyCoresBeforeRun: busy === null ? null : Math.round(busy * 100) / 100,
    postgres: await serverInfo(database.url),
    note: `The load generator, the Dovira server and PostgreSQL share these ${cores} cores; `
      + 'the HTTP load generator costs more CPU than the pg one, so the ratio understates what a dedicated server would reach.',
  };
  const commit = await revision();
  console.log([
    '',
    `Revision: ${commit ?? 'unknown'} (uncommitted changes, if any, are measured too)`,
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.platform}`,
    `Node ${machine.node}, PostgreSQL ${machine.postgres.version} (${Object.entries(machine.postgres.settings).map(([k, v]) => `${k}=${v}`).join(', ')})`,
    `Before the run: ${busy === null ? '?' : busy.toFixed(2)} cores busy with other work, load average ${machine.loadAverage.join(', ')}`
      + `${busy !== null && busy > 0.25 ? '  (the machine is busy: figures will be low)' : ''}`,
    `Note: ${machine.note}`,
    `Each measurement: ${phases.warmupMs / 1000} s warm-up, then ${phases.measureMs / 1000} s measured (BENCH_SECONDS); clients: ${concurrency.join(', ')}; `
      + `registration against its ceiling ${pairs} time${pairs > 1 ? 's' : ''} per client count (BENCH_PAIRS)`,
  ].join('\n'));

  const context: BenchContext = {
    repoRoot,
    databaseUrl: database.url,
    databaseName: database.name,
    serverUrl,
    revision: commit,
    postmasterPid: await postmasterPid(database.url),
    dovira,
    phases,
    concurrency,
    pairs,
    machine,
    log: (line) => console.log(line),
  };

  let exitCode = 0;
  for (const scenario of scenarios) {
    console.log(`\n== ${scenario.title} [${scenario.key}]`);
    const report = await scenario.run(context);
    console.log(['', ...report.lines].join('\n'));
    const file = await saveResult(repoRoot, scenario.key, report.data, startedAt);
    console.log(`\nResults: ${path.relative(process.cwd(), file)} (key ${scenario.key})`);
    if (report.failure) {
      console.error(`bench: ${scenario.key} FAILED: ${report.failure}`);
      exitCode = 1;
    }
  }
  if (dovira.warnings() > 0) {
    console.error(`\nbench: the Dovira server logged ${dovira.warnings()} warnings or errors; its last lines:`);
    console.error(dovira.outputTail().slice(-15).join('\n'));
  }
  return exitCode;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
