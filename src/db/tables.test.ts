// The codes a column may hold are written twice: in the migrations' CHECK constraints and in the
// code lists of ./tables. This proves the two agree on a freshly migrated database.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseTargets } from '../../test/databases.ts';
import type { OpenedDatabase } from './database.ts';
import {
  ATTEMPT_OUTCOMES, BODY_KIND_CODES, CALL_SOURCES, CALLBACK_ORIGINS, CALL_STATUSES, CALLBACK_STATUSES, CLOSE_OUTCOMES, DELIVERY_CHANNELS,
  DELIVERY_STATUSES, INSTANCE_CODES, NOTICE_CHANNELS, NOTICE_STATUSES, PBX_EVENT_OUTCOMES, REGION_CODES, SURVEY_CHANNELS,
  SURVEY_OUTCOMES, TOKEN_SCOPES, USER_ROLES,
} from './schema.ts';

/** `table.column` and the codes of ./tables it must allow, no more and no fewer. */
const LISTS: Record<string, readonly string[]> = {
  'users.role': USER_ROLES,
  'api_tokens.scope': TOKEN_SCOPES,
  'calls.source': CALL_SOURCES,
  'calls.status': CALL_STATUSES,
  'judicial_bodies.kind': BODY_KIND_CODES,
  'judicial_bodies.instance': INSTANCE_CODES,
  'judicial_bodies.region': REGION_CODES,
  'callbacks.status': CALLBACK_STATUSES,
  'callbacks.outcome': CLOSE_OUTCOMES,
  'callbacks.origin': CALLBACK_ORIGINS,
  'callback_attempts.outcome': ATTEMPT_OUTCOMES,
  'deliveries.channel': DELIVERY_CHANNELS,
  'deliveries.status': DELIVERY_STATUSES,
  'applicant_notices.channel': NOTICE_CHANNELS,
  'applicant_notices.status': NOTICE_STATUSES,
  'pbx_events.outcome': PBX_EVENT_OUTCOMES,
  'survey_ratings.channel': SURVEY_CHANNELS,
  'survey_ratings.outcome': SURVEY_OUTCOMES,
};

for (const target of databaseTargets()) {
  describe(`the schema's code lists on ${target.name}`, () => {
    let opened: OpenedDatabase;
    before(async () => { opened = await target.open(); });
    after(async () => { await opened?.close(); });

    test('each column\'s CHECK constraint lists exactly the codes of src/db/tables', async () => {
      // CHECKs on one column only; PostgreSQL writes `c IN ('a', 'b')` as `c = ANY (ARRAY['a'::text, …])`
      // and `c IN ('a')` as `c = 'a'::text`.
      const rows = await sql<{ column: string; def: string }>`
        SELECT c.conrelid::regclass::text || '.' || a.attname AS column, pg_get_constraintdef(c.oid) AS def
        FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'c' AND c.connamespace = 'public'::regnamespace AND cardinality(c.conkey) = 1`.execute(opened.db);
      const found = new Map<string, string[]>();
      for (const { column, def } of rows.rows) {
        const name = column.split('.').at(-1)!;
        const single = new RegExp(`^CHECK \\(\\(${name} = '([^']+)'::text\\)\\)$`).exec(def);
        if (def.includes(`${name} = ANY (ARRAY[`)) found.set(column, [...def.matchAll(/'([^']+)'::text/g)].map((m) => m[1]!).sort());
        else if (single) found.set(column, [single[1]!]);
      }
      for (const [column, codes] of Object.entries(LISTS)) {
        assert.deepEqual(found.get(column), [...codes].sort(), column);
      }
    });
  });
}
