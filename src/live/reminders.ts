// The scheduled live reminders: callbacks that fall due (H3) and holds that run past the Standard's
// three minutes (H5). Every few seconds each Dovira process looks; `claimAnnouncement` makes sure a
// thing is announced once in all.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { HOLD_LIMIT_SECONDS } from '../standard/index.ts';
import { claimAnnouncement, forgetOldAnnouncements } from './announcements.ts';
import type { LiveBus } from './bus.ts';

const INTERVAL_MS = 10_000;

export interface RemindersReport {
  callbacksDue: string[];
  longHolds: string[];
}

export class Reminders {
  readonly #db: Db;
  readonly #live: LiveBus;
  readonly #now: () => Date;
  readonly #holdLimitSeconds: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<RemindersReport> | undefined;

  constructor(options: { db: Db; live: LiveBus; now: () => Date; holdLimitSeconds?: number }) {
    this.#db = options.db;
    this.#live = options.live;
    this.#now = options.now;
    this.#holdLimitSeconds = options.holdLimitSeconds ?? HOLD_LIMIT_SECONDS;
  }

  start(onError: (error: unknown) => void = () => {}): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => { this.runOnce().catch(onError); }, INTERVAL_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  /** One look now; returns what this run announced. */
  async runOnce(): Promise<RemindersReport> {
    while (this.#running) await this.#running.catch(() => undefined);
    this.#running = this.#look();
    try {
      return await this.#running;
    } finally {
      this.#running = undefined;
    }
  }

  async #look(): Promise<RemindersReport> {
    const at = this.#now();
    const report: RemindersReport = { callbacksDue: [], longHolds: [] };

    const due = await this.#db
      .selectFrom('callbacks')
      .select(['id', 'assigned_operator_id', 'due_at'])
      .where('status', '=', 'scheduled')
      .where('due_at', '<=', at)
      .orderBy('due_at')
      .limit(500)
      .execute();
    for (const callback of due) {
      if (!(await claimAnnouncement(this.#db, 'callback.due', `${callback.id} ${callback.due_at.toISOString()}`, at))) continue;
      report.callbacksDue.push(callback.id);
      this.#live.publish({ type: 'callback.due', callbackId: callback.id, assignedOperatorId: callback.assigned_operator_id, dueAt: callback.due_at.toISOString(), at: at.toISOString() });
    }

    // The hold now running is in the call's rule state; each hold is announced once.
    const holdsSince = new Date(at.getTime() - this.#holdLimitSeconds * 1000).toISOString();
    const holds = await sql<{ id: string; operator_id: string; started_at: string }>`
      SELECT id, operator_id, state->'hold'->>'startedAt' AS started_at FROM calls
      WHERE status = 'active' AND state->'hold'->>'startedAt' IS NOT NULL AND state->'hold'->>'startedAt' < ${holdsSince}
      LIMIT 500`.execute(this.#db);
    for (const hold of holds.rows) {
      if (!(await claimAnnouncement(this.#db, 'call.hold_long', `${hold.id} ${hold.started_at}`, at))) continue;
      report.longHolds.push(hold.id);
      this.#live.publish({ type: 'call.hold_long', callId: hold.id, operatorId: hold.operator_id, holdStartedAt: hold.started_at, limitSeconds: this.#holdLimitSeconds, at: at.toISOString() });
    }
    await forgetOldAnnouncements(this.#db, at);
    return report;
  }
}
