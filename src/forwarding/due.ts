// A3: which appeals must still be forwarded today and which are late, for the supervisor's list
// and for the scheduled check that warns them live.
import type { Db } from '../db/database.ts';
import type { DueItem, StillToForward } from './view.ts';
import { APPEAL_KINDS, appealDueDates, isPastDue, kyivDate, type AppealKind } from '../standard/index.ts';

/** Most appeals one list shows; far more unforwarded appeals than this is an emergency anyway. */
export const DUE_LIST_LIMIT = 500;

/** Appeals still 'registered' (neither resolved by the centre nor forwarded), oldest first. */
export async function stillToForward(db: Db, now: Date): Promise<StillToForward> {
  const rows = await db.selectFrom('appeal_register')
    .select(['id', 'registration_number', 'kind', 'registered_at', 'registered_by'])
    .where('status', '=', 'registered')
    .where('registered_at', '<=', now)
    .orderBy('registered_at').orderBy('id')
    .limit(DUE_LIST_LIMIT)
    .execute();
  const today = kyivDate(now);
  const result: StillToForward = { today, dueToday: [], late: [] };
  for (const row of rows) {
    const due = appealDueDates(row.registered_at);
    const item: DueItem = {
      appealId: row.id,
      registrationNumber: row.registration_number,
      kind: row.kind as AppealKind,
      kindLabel: APPEAL_KINDS[row.kind as AppealKind],
      registeredAt: row.registered_at.toISOString(),
      registeredBy: row.registered_by,
      forwardingSameDay: due.forwardingSameDay,
      forwardingByLaw: due.forwardingByLaw,
      lateByLaw: isPastDue(due.forwardingByLaw, now),
    };
    (isPastDue(due.forwardingSameDay, now) ? result.late : result.dueToday).push(item);
  }
  return result;
}
