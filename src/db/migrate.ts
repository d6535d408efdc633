import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import * as core from './migrations/0001_core.ts';
import * as courts from './migrations/0002_courts.ts';
import * as knowledge from './migrations/0003_knowledge.ts';
import * as callbacks from './migrations/0004_callbacks.ts';
import * as notifications from './migrations/0005_notifications.ts';
import * as forwarding from './migrations/0006_forwarding.ts';
import * as liveAnnouncements from './migrations/0007_live_announcements.ts';
import * as telephony from './migrations/0008_telephony.ts';
import * as survey from './migrations/0009_survey.ts';
import * as pbxHolds from './migrations/0010_pbx_holds.ts';
import * as callLinks from './migrations/0011_call_links.ts';
import * as numberedAtRegistration from './migrations/0013_numbered_at_registration.ts';
import * as sessionChangeNotices from './migrations/0014_session_change_notices.ts';
import * as loginBackoffAndTokens from './migrations/0015_login_backoff_and_tokens.ts';
import * as sipCredentials from './migrations/0016_sip_credentials.ts';
import * as unansweredCalls from './migrations/0017_unanswered_calls.ts';
import * as callerWithheld from './migrations/0018_caller_withheld.ts';
import * as blockedNumbers from './migrations/0019_blocked_numbers.ts';

// Listed here rather than read from disk, so a migration cannot be missed by a bundler or a glob.
const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_courts': courts,
  '0003_knowledge': knowledge,
  '0004_callbacks': callbacks,
  '0005_notifications': notifications,
  '0006_forwarding': forwarding,
  '0007_live_announcements': liveAnnouncements,
  '0008_telephony': telephony,
  '0009_survey': survey,
  '0010_pbx_holds': pbxHolds,
  '0011_call_links': callLinks,
  '0013_numbered_at_registration': numberedAtRegistration,
  '0014_session_change_notices': sessionChangeNotices,
  '0015_login_backoff_and_tokens': loginBackoffAndTokens,
  '0016_sip_credentials': sipCredentials,
  '0017_unanswered_calls': unansweredCalls,
  '0018_caller_withheld': callerWithheld,
  '0019_blocked_numbers': blockedNumbers,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  return migrateTo(db, null);
}

/** Brings the schema up to `name` (null: the latest). */
export async function migrateTo(db: Kysely<unknown>, name: string | null): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = name === null ? await migrator.migrateToLatest() : await migrator.migrateTo(name);
  if (error) throw new Error(`Не вдалося оновити схему бази даних: ${String(error)}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
