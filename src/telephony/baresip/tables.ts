// Which Dovira process drives which baresip: ctrl_tcp serves one connection at a time, so
// processes take a lease on a baresip (a "line") before connecting to it.
import type { ColumnType } from 'kysely';

type Instant = ColumnType<Date, Date | string, Date | string>;

export interface BaresipLeasesTable {
  /** e.g. "survey 127.0.0.1:4444" or "dialler 127.0.0.1:4450". */
  line: string;
  /** The process (and the task in it) holding the line. */
  holder: string;
  /** The lease lapses at this instant unless renewed. */
  expires_at: Instant;
}

export interface BaresipTables {
  baresip_leases: BaresipLeasesTable;
}

declare module '../../db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends BaresipTables {}
}
