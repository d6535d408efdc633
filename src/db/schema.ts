// Kysely's view of the database: every table, by name. Migrations in ./migrations are the source of
// truth; the tables' types in ./tables (one file per area) keep in step with them. Domains import
// table and row types, and the codes a column holds, from here.
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { AppealCountersTable, AppealNumbersTable, AppealRegisterView, AppealsTable } from './tables/appeals.ts';
import type { CallbackAttemptsTable, CallbacksTable } from './tables/callbacks.ts';
import type { CallEventsTable, CallsTable } from './tables/calls.ts';
import type { AuditEventsTable, IdempotencyKeysTable, LiveAnnouncementsTable, SettingsTable } from './tables/core.ts';
import type { AuthorisedPersonsTable, JudicialBodiesTable } from './tables/courts.ts';
import type { AppealForwardingsTable, ApplicantNoticesTable } from './tables/forwarding.ts';
import type { KnowledgeArticlesTable, KnowledgeTermsTable } from './tables/knowledge.ts';
import type { DeliveriesTable, OutboxEventsTable } from './tables/notifications.ts';
import type { ApiTokensTable, KnownDevicesTable, LoginThrottleTable, SessionsTable, UsersTable } from './tables/people.ts';
import type { SurveyRatingsTable } from './tables/survey.ts';
import type { BaresipLeasesTable, BlockedNumbersTable, PbxEventsTable, PbxExtensionsTable, PbxHoldsTable, PbxSipCredentialsTable } from './tables/telephony.ts';

export * from './tables/appeals.ts';
export * from './tables/callbacks.ts';
export * from './tables/calls.ts';
export * from './tables/core.ts';
export * from './tables/courts.ts';
export * from './tables/forwarding.ts';
export * from './tables/knowledge.ts';
export * from './tables/notifications.ts';
export * from './tables/people.ts';
export * from './tables/survey.ts';
export * from './tables/telephony.ts';

export interface Database {
  // people and their sign-ins
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_throttle: LoginThrottleTable;
  known_devices: KnownDevicesTable;
  // shared
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  settings: SettingsTable;
  live_announcements: LiveAnnouncementsTable;
  // calls
  calls: CallsTable;
  call_events: CallEventsTable;
  // appeals
  appeals: AppealsTable;
  appeal_numbers: AppealNumbersTable;
  appeal_register: AppealRegisterView;
  appeal_counters: AppealCountersTable;
  // the judicial bodies directory
  judicial_bodies: JudicialBodiesTable;
  authorised_persons: AuthorisedPersonsTable;
  // the knowledge base
  knowledge_articles: KnowledgeArticlesTable;
  knowledge_terms: KnowledgeTermsTable;
  // callbacks
  callbacks: CallbacksTable;
  callback_attempts: CallbackAttemptsTable;
  // notifications
  outbox_events: OutboxEventsTable;
  deliveries: DeliveriesTable;
  // forwarding
  appeal_forwardings: AppealForwardingsTable;
  applicant_notices: ApplicantNoticesTable;
  // citizens' ratings
  survey_ratings: SurveyRatingsTable;
  // the telephone exchange
  pbx_extensions: PbxExtensionsTable;
  pbx_sip_credentials: PbxSipCredentialsTable;
  pbx_events: PbxEventsTable;
  pbx_holds: PbxHoldsTable;
  baresip_leases: BaresipLeasesTable;
  blocked_numbers: BlockedNumbersTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Call = Selectable<CallsTable>;
export type CallEventRow = Selectable<CallEventsTable>;
export type Appeal = Selectable<AppealRegisterView>;
export type AppealRow = Selectable<AppealsTable>;
