import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // An appeal now takes its number in the statement that registers it (src/appeals/register.ts):
  // registrations arrive in batches, so the yearly counter row is locked once per batch rather than
  // once per appeal, and a number exists exactly when its appeal does (both commit or neither).
  // The queue of the earlier design is emptied first: its last appeals get their numbers now.
  await sql`
    SELECT number_pending_appeals();
    DROP FUNCTION number_pending_appeals(uuid);
    DROP TABLE appeal_number_queue;

    CREATE FUNCTION appeal_registration_number(year integer, seq integer) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN 'ЄКЦ-' || year || '-' || lpad(seq::text, greatest(6, length(seq::text)), '0');

    CREATE OR REPLACE VIEW appeal_register AS
      SELECT a.*,
             n.seq AS registration_seq,
             appeal_registration_number(n.year, n.seq) AS registration_number
      FROM appeals a JOIN appeal_numbers n ON n.appeal_id = a.id;
  `.execute(db);
}
