// Who used the machine's cores during a measured window: the load generator (this process), the
// Dovira server and PostgreSQL. Read from /proc (Linux); elsewhere only the load generator is known.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

export interface CpuShares {
  /** Cores busy on average during the window (1.0 = one core fully busy). */
  loadGenerator: number;
  dovira: number | null;
  postgres: number | null;
}

interface Snapshot {
  at: number;
  self: NodeJS.CpuUsage;
  doviraTicks: number | null;
  postgresTicks: number | null;
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

function postgresTicks(): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  let total = 0;
  let found = false;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const ticks = processTicks(entry);
    if (ticks !== null) {
      total += ticks;
      found = true;
    }
  }
  return found ? total : null;
}

export function cpuMeter(doviraPid: number): { start(): void; stop(): void; shares(): CpuShares | null } {
  let first: Snapshot | undefined;
  let last: Snapshot | undefined;
  const snapshot = (): Snapshot => ({ at: performance.now(), self: process.cpuUsage(), doviraTicks: processTicks(doviraPid), postgresTicks: postgresTicks() });
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
      return {
        loadGenerator: self / seconds,
        dovira: ticks(first.doviraTicks, last.doviraTicks),
        postgres: ticks(first.postgresTicks, last.postgresTicks),
      };
    },
  };
}
