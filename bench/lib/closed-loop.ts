// A closed-loop load: N workers, each sending its next operation only when the previous one answered.
// A warm-up runs first and is not measured; then a fixed window is. An operation counts in the window
// when it completes inside it; operations still in flight at the end are awaited but not counted.
import { summarise, type LatencySummary } from './stats.ts';

export interface Phases {
  warmupMs: number;
  measureMs: number;
}

export interface Outcome {
  ok: boolean;
  /** A short description of a failure (status code, error code), for the error summary. */
  failure?: string;
}

/** One operation; `seq` is unique across all workers of the run. */
export type Operation = (worker: number, seq: number) => Promise<Outcome>;

export interface LoadResult {
  concurrency: number;
  windowSeconds: number;
  /** Successful operations completed in the window per second. */
  perSecond: number;
  latency: LatencySummary;
  /** Operations attempted in total, warm-up included, and how many of them failed. */
  attempted: number;
  failed: number;
  failedInWindow: number;
  /** Failure descriptions with their counts, most frequent first. */
  failures: Array<{ failure: string; count: number }>;
}

/** Called as the measured window opens and closes (e.g. to read CPU counters). */
export interface WindowHooks {
  opened?(): void;
  closed?(): void;
}

export async function runClosedLoop(concurrency: number, phases: Phases, operation: Operation, hooks: WindowHooks = {}): Promise<LoadResult> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let attempted = 0;
  let failed = 0;
  let failedInWindow = 0;
  let seq = 0;

  const start = performance.now();
  const windowStart = start + phases.warmupMs;
  const windowEnd = windowStart + phases.measureMs;
  const startTimer = setTimeout(() => hooks.opened?.(), phases.warmupMs);
  const endTimer = setTimeout(() => hooks.closed?.(), phases.warmupMs + phases.measureMs);

  const worker = async (index: number): Promise<void> => {
    while (performance.now() < windowEnd) {
      const sent = performance.now();
      attempted++;
      let outcome: Outcome;
      try {
        outcome = await operation(index, seq++);
      } catch (error) {
        outcome = { ok: false, failure: describeError(error) };
      }
      const answered = performance.now();
      const inWindow = answered >= windowStart && answered <= windowEnd;
      if (outcome.ok) {
        if (inWindow) latencies.push(answered - sent);
      } else {
        failed++;
        if (inWindow) failedInWindow++;
        const key = outcome.failure ?? 'failed';
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
  }

  const windowSeconds = phases.measureMs / 1000;
  return {
    concurrency,
    windowSeconds,
    perSecond: latencies.length / windowSeconds,
    latency: summarise(latencies),
    attempted,
    failed,
    failedInWindow,
    failures: [...failures].map(([failure, count]) => ({ failure, count })).sort((a, b) => b.count - a.count),
  };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
