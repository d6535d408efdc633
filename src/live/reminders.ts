// The scheduled live reminders: callbacks that fall due (H3) and holds that run past the Standard's
// three minutes (H5). Every few seconds each Dovira process looks; `claimAnnouncement` makes sure a
// thing is announced once in all.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { HOLD_LIMIT_SECONDS } from '../standard/index.ts';
import { claimAnnouncement, forgetOldAnnouncements } from './announcements.ts';
import type { LiveBus } from './bus.ts';
import { PeriodicCheck } from './periodic.ts';

const INTERVAL_MS = 10_000;

export interface RemindersReport {
  callbacksDue: string[];
  longHolds: string[];
}

export class Reminders extends PeriodicCheck<RemindersReport> {
  readonly #db: Db;
  readonly #live: LiveBus;
  readonly #now: () => Date;
  readonly #holdLimitSeconds: number;

  constructor(options: { db: Db; live: LiveBus; now: () => Date; holdLimitSeconds?: number }) {
    super(INTERVAL_MS);
    this.#db = options.db;
    this.#live = options.live;
    this.#now = options.now;
    this.#holdLimitSeconds = options.holdLimitSeconds ?? HOLD_LIMIT_SECONDS;
  }

  protected async check(): Promise<RemindersReport> {
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

    // The hold now running is in the call's rule state, or, when the phone started it, in
    // pbx_holds (src/telephony/holds.ts); a call on both is one hold, timed from the earlier start.
    // Each hold is announced once.
    const holdsSince = new Date(at.getTime() - this.#holdLimitSeconds * 1000).toISOString();
    const holds = await sql<{ id: string; operator_id: string; started_at: string }>`
      SELECT id, operator_id, state->'hold'->>'startedAt' AS started_at FROM calls
      WHERE status = 'active' AND state->'hold'->>'startedAt' IS NOT NULL AND state->'hold'->>'startedAt' < ${holdsSince}
      LIMIT 500`.execute(this.#db);
    const phoneHolds = await this.#db.selectFrom('pbx_holds').innerJoin('calls', 'calls.id', 'pbx_holds.call_id')
      .select(['calls.id', 'calls.operator_id', 'pbx_holds.started_at'])
      .where('pbx_holds.ended_at', 'is', null).where('calls.status', '=', 'active').where('pbx_holds.started_at', '<', new Date(holdsSince))
      // An answered call has its operator (calls_operator_once_answered).
      .$narrowType<{ operator_id: string }>()
      .limit(500).execute();
    const earliest = new Map<string, { id: string; operator_id: string; started_at: string; source: 'phone' | 'standard' }>();
    const standard = holds.rows.map((h) => ({ ...h, source: 'standard' as const }));
    for (const hold of [...standard, ...phoneHolds.map((h) => ({ ...h, started_at: h.started_at.toISOString(), source: 'phone' as const }))]) {
      const known = earliest.get(hold.id);
      if (!known || hold.started_at < known.started_at) earliest.set(hold.id, hold);
    }
    for (const hold of earliest.values()) {
      if (!(await claimAnnouncement(this.#db, 'call.hold_long', `${hold.id} ${hold.started_at}`, at))) continue;
      report.longHolds.push(hold.id);
      this.#live.publish({
        type: 'call.hold_long', callId: hold.id, operatorId: hold.operator_id, holdStartedAt: hold.started_at, limitSeconds: this.#holdLimitSeconds, source: hold.source, at: at.toISOString(),
      });
    }
    await forgetOldAnnouncements(this.#db, at);
    return report;
  }
}
