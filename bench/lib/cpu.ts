// Who used the machine's cores during a measured window: the load generator (this process), the
// Dovira server and PostgreSQL. Read from /proc (Linux); elsewhere only the load generator is known.
import { readdirSync, readFileSync } from 'node:fs';
import { withClient } from './postgres.ts';

const TICKS_PER_SECOND = 100;

export interface CpuShares {
  /** Cores busy on average during the window (1.0 = one core fully busy). */
  loadGenerator: number;
  dovira: number | null;
  postgres: number | null;
  /** The whole machine, everything included (from /proc/stat). */
  machine: number | null;
  /** The machine less the three above: whatever else ran meanwhile (other sessions, the kernel's own work). */
  other: number | null;
}

interface Snapshot {
  at: number;
  self: NodeJS.CpuUsage;
  doviraTicks: number | null;
  postgresTicks: Map<number, number> | null;
  machineTicks: number | null;
}

/** Busy CPU ticks of the whole machine since boot: all but idle and iowait. */
export function machineTicks(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return user + nice + system + irq + softirq + steal;
  } catch {
    return null;
  }
}

/** How many cores the machine keeps busy over `ms` while this process waits: a quiet machine shows about 0. */
export async function machineBusyCores(ms = 1000): Promise<number | null> {
  const before = machineTicks();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = machineTicks();
  return before === null || after === null ? null : (after - before) / TICKS_PER_SECOND / ((performance.now() - started) / 1000);
}

function processTicks(pid: number | string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

function parentOf(pid: number | string): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * The postmaster of the server a connection talks to, when that server runs on this machine: the
 * parent of the connection's backend. Null for a remote server (its CPU is then not reported).
 */
export async function postmasterPid(url: string): Promise<number | null> {
  // Read while connected: the backend process ends with its connection.
  const parent = await withClient(url, async (client) => parentOf((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid));
  if (parent === null) return null;
  try {
    return readFileSync(`/proc/${parent}/comm`, 'utf8').trim() === 'postgres' ? parent : null;
  } catch {
    return null;
  }
}

/** CPU ticks of the postmaster and of each of its children (backends, WAL writer, checkpointer, …) by process id. */
function postgresTicks(postmaster: number | null): Map<number, number> | null {
  if (postmaster === null) return null;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const own = processTicks(postmaster);
  if (own === null) return null;
  const ticks = new Map([[postmaster, own]]);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || parentOf(entry) !== postmaster) continue;
    const value = processTicks(entry);
    if (value !== null) ticks.set(Number(entry), value);
  }
  return ticks;
}

/**
 * Ticks used between two snapshots of a process tree. A process present only at the end was born
 * in between and counts whole; one present only at the start (a connection closed meanwhile, e.g.
 * an idle pool connection timing out) counts nothing rather than a negative total.
 */
function treeDelta(first: Map<number, number>, last: Map<number, number>): number {
  let total = 0;
  for (const [pid, ticks] of last) total += ticks - (first.get(pid) ?? 0);
  return total;
}

export function cpuMeter(doviraPid: number, postmaster: number | null): { start(): void; stop(): void; shares(): CpuShares | null } {
  let first: Snapshot | undefined;
  let last: Snapshot | undefined;
  const snapshot = (): Snapshot => ({ at: performance.now(), self: process.cpuUsage(), doviraTicks: processTicks(doviraPid), postgresTicks: postgresTicks(postmaster), machineTicks: machineTicks() });
  return {
    start() {
      first = snapshot();
    },
    stop() {
      last = snapshot();
    },
    shares() {
      if (!first || !last) return null;
      const seconds = (last.at - first.at) / 1000;
      const self = (last.self.user + last.self.system - first.self.user - first.self.system) / 1e6;
      const ticks = (a: number | null, b: number | null) => (a === null || b === null ? null : (b - a) / TICKS_PER_SECOND / seconds);
      const dovira = ticks(first.doviraTicks, last.doviraTicks);
      const postgres = first.postgresTicks && last.postgresTicks ? treeDelta(first.postgresTicks, last.postgresTicks) / TICKS_PER_SECOND / seconds : null;
      const machine = ticks(first.machineTicks, last.machineTicks);
      const other = machine === null ? null : Math.max(0, machine - self / seconds - (dovira ?? 0) - (postgres ?? 0));
      return { loadGenerator: self / seconds, dovira, postgres, machine, other };
    },
  };
}
