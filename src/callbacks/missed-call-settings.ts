// Where the missed-call rule (H3) is kept: one row of `settings`, changed by a supervisor or an
// administrator, read by the ingest each time it ends an unanswered call.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { recordAudit, type Actor } from '../audit/audit.ts';
import { MISSED_CALL_RULE_SETTING, parseMissedCallRule, type MissedCallRule } from './missed-call-rule.ts';

/** The stored rule; none stored (or, defensively, one that no longer parses) means the defaults. */
export async function loadMissedCallRule(db: Kysely<Database>): Promise<MissedCallRule> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', MISSED_CALL_RULE_SETTING).executeTakeFirst();
  return parseMissedCallRule(row?.value ?? null);
}

/** Stores a rule already checked by MissedCallRuleSchema, with what it was before in the audit trail. */
export async function saveMissedCallRule(db: Kysely<Database>, actor: Actor, rule: MissedCallRule, at: Date): Promise<MissedCallRule> {
  await db.transaction().execute(async (trx) => {
    const before = await loadMissedCallRule(trx);
    const value = JSON.stringify(rule);
    await trx.insertInto('settings').values({ key: MISSED_CALL_RULE_SETTING, value, updated_at: at })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at })).execute();
    await recordAudit(trx, actor, { entityType: 'setting', entityId: MISSED_CALL_RULE_SETTING, action: 'updated', changes: { from: before, to: rule } });
  });
  return rule;
}
