// How Kysely sees the kinds of column the tables share: what a row reads, what an insert must or
// may give, what an update may set. Each alias is declared here once; the tables use them.
import type { ColumnType } from 'kysely';

/** A moment given on insert and changeable later (timestamptz). */
export type Instant = ColumnType<Date, Date | string, Date | string>;

/** A moment given on insert and never changed (an event's time, a record's writing). */
export type WrittenOnce = ColumnType<Date, Date | string, never>;

/** When the row was made: the database's now() unless given, never changed. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** When the row last changed: the database's now() on insert unless given, set on every change. */
export type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/** A jsonb column: read as the value, written as its JSON text. */
export type Json<T> = ColumnType<T, string, string>;
