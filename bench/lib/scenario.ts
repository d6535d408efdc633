// What every bench scenario is given and what it hands back. A scenario measures one path
// (appeal registration, later telephony event ingest, …) and owns one key of the results file.
import type { Phases } from './closed-loop.ts';
import type { DoviraServer } from './dovira-server.ts';
import type { ServerInfo } from './postgres.ts';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  node: string;
  /** os.loadavg() just before the run, and the cores busy during one second of idling before it: a busy machine makes every figure lower. */
  loadAverage: number[];
  busyCoresBeforeRun: number | null;
  postgres: ServerInfo;
  note: string;
}

export interface BenchContext {
  repoRoot: string;
  /** The run's own database, on the same server as everything else. */
  databaseUrl: string;
  databaseName: string;
  /** The database server itself (the `postgres` database), for CHECKPOINT and the like. */
  serverUrl: string;
  /** The PostgreSQL postmaster's process id when the server runs on this machine (for CPU figures), else null. */
  postmasterPid: number | null;
  /** The running Dovira server, with the demo accounts seeded. */
  dovira: DoviraServer;
  /** The commit checked out (read from .git, without running git), or null; uncommitted changes are not reflected. */
  revision: string | null;
  phases: Phases;
  concurrency: number[];
  /** How many times each client count is measured against its ceiling (BENCH_PAIRS); figures are the median pair's. */
  pairs: number;
  machine: MachineInfo;
  log(line: string): void;
}

export interface ScenarioReport {
  /** The human-readable summary: a table and a verdict. */
  lines: string[];
  /** Everything measured, as written under the scenario's key in bench/results/<date>.json. */
  data: Record<string, unknown>;
  /** Set when the measurement itself is unusable (too many failed requests): the bench then exits non-zero. */
  failure?: string;
}

export interface Scenario {
  /** The key in the results file, e.g. `appealRegistration`. */
  key: string;
  title: string;
  run(context: BenchContext): Promise<ScenarioReport>;
}
