// The scheduled check of A3: every minute, appeals not yet forwarded near the end of their Kyiv day
// (from 16:00) and those already late are announced live to supervisors. Each appeal is announced
// once per kind, across every process (claimAnnouncement); GET /forwarding/due lists them all.
import type { Db } from '../db/database.ts';
import type { LiveBus } from '../live/bus.ts';
import { kyivTimeOfDay } from '../standard/index.ts';
import { claimAnnouncement } from '../live/announcements.ts';
import { PeriodicCheck } from '../live/periodic.ts';
import { stillToForward } from './due.ts';

/** From this Kyiv hour an appeal registered today and still not forwarded is «due». */
export const DUE_WARNING_HOUR = 16;
const INTERVAL_MS = 60_000;

export interface CheckReport {
  due: string[];
  late: string[];
}

export class ForwardingCheck extends PeriodicCheck<CheckReport> {
  readonly #db: Db;
  readonly #live: LiveBus;
  readonly #now: () => Date;

  constructor(options: { db: Db; live: LiveBus; now: () => Date }) {
    super(INTERVAL_MS);
    this.#db = options.db;
    this.#live = options.live;
    this.#now = options.now;
  }

  protected async check(): Promise<CheckReport> {
    const now = this.#now();
    const list = await stillToForward(this.#db, now);
    const report: CheckReport = { due: [], late: [] };
    const announce = async (type: 'appeal.forwarding_due' | 'appeal.forwarding_late', item: (typeof list.late)[number]) => {
      if (!(await claimAnnouncement(this.#db, type, item.appealId, now))) return;
      (type === 'appeal.forwarding_due' ? report.due : report.late).push(item.appealId);
      this.#live.publish({ type, appealId: item.appealId, registrationNumber: item.registrationNumber, registeredBy: item.registeredBy, deadline: item.forwardingSameDay, at: now.toISOString() });
    };
    for (const item of list.late) await announce('appeal.forwarding_late', item);
    if (kyivTimeOfDay(now).hour >= DUE_WARNING_HOUR) for (const item of list.dueToday) await announce('appeal.forwarding_due', item);
    return report;
  }
}
