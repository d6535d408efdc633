import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The exchange said the caller hid their number («anonymous», «restricted», …): the call shows
  // «Номер приховано» rather than a number that is merely missing. A hidden number is no number.
  await sql`
    ALTER TABLE calls ADD COLUMN caller_withheld boolean NOT NULL DEFAULT false;
    ALTER TABLE calls ADD CONSTRAINT calls_caller_withheld_has_no_phone CHECK (NOT (caller_withheld AND caller_phone IS NOT NULL));
  `.execute(db);
}
