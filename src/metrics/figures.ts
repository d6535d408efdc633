// The figures the metrics endpoint reads from the database at each scrape: the e-mail outbox
// (src/notifications/) and the appeals still to forward (src/forwarding/due.ts). Counts only.
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { stillToForward } from '../forwarding/due.ts';

export interface DatabaseFigures {
  outbox: {
    pendingDeliveries: number;
    failedDeliveries: number;
    unexpandedEvents: number;
    /** Of the oldest pending delivery or unexpanded event; 0 when nothing waits. */
    oldestPendingAgeSeconds: number;
  };
  forwarding: { dueToday: number; late: number; lateByLaw: number };
}

export async function readDatabaseFigures(db: Db, now: Date): Promise<DatabaseFigures> {
  // Each count runs on a partial or status index (migration 0005), never over the sent e-mails.
  const outbox = await sql<{ pending: number; failed: number; unexpanded: number; oldest: Date | null }>`
    SELECT
      (SELECT count(*) FROM deliveries WHERE status = 'pending') AS pending,
      (SELECT count(*) FROM deliveries WHERE status = 'failed') AS failed,
      (SELECT count(*) FROM outbox_events WHERE expanded_at IS NULL) AS unexpanded,
      LEAST(
        (SELECT min(created_at) FROM deliveries WHERE status = 'pending'),
        (SELECT min(created_at) FROM outbox_events WHERE expanded_at IS NULL)
      ) AS oldest
  `.execute(db);
  const row = outbox.rows[0]!;
  const due = await stillToForward(db, now);
  return {
    outbox: {
      pendingDeliveries: row.pending,
      failedDeliveries: row.failed,
      unexpandedEvents: row.unexpanded,
      oldestPendingAgeSeconds: row.oldest ? Math.max(0, (now.getTime() - row.oldest.getTime()) / 1000) : 0,
    },
    forwarding: {
      dueToday: due.dueToday.length,
      late: due.late.length,
      lateByLaw: due.late.filter((item) => item.lateByLaw).length,
    },
  };
}
