// Kysely's view of the tables. Migrations in ./migrations are the source of truth; keep both in step.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CourtsTables } from '../courts/tables.ts';
import type { KnowledgeTables } from '../knowledge/tables.ts';
import type { CallbackTables } from '../callbacks/tables.ts';
import type { NotificationTables } from '../notifications/tables.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** `pbx`: the telephone exchange, a machine user that reports calls (see src/telephony). */
export type Role = 'operator' | 'supervisor' | 'admin' | 'court_clerk' | 'pbx';

export interface UsersTable {
  id: Generated<string>;
  login: string;
  full_name: string;
  role: Role;
  /** «Оператор № …» (G3): unique, set for operators only. */
  operator_number: number | null;
  /** A court clerk (працівник апарату суду) belongs to exactly one judicial body. */
  judicial_body_id: string | null;
  password_hash: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Орган судової влади: a court or another body of the judiciary. The full directory comes later. */
export interface JudicialBodiesTable {
  id: Generated<string>;
  code: string;
  name: string;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a leaked table opens no session. */
  id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

/** What an API token opens: `telephony` is the exchange's routes only (route config `tokenScope`). */
export type TokenScope = 'telephony';

/** API tokens are issued to machine users (role `pbx`) only, each with a scope and an expiry. */
export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  scope: TokenScope;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** Failed logins per key (`account:<login>`, `address:<ip>`, `device:<hash>`): see src/auth/login-throttle.ts. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  first_failure_at: Timestamp;
  last_failure_at: Timestamp;
  /** Until when attempts under this key are refused without checking the password. */
  blocked_until: Timestamp | null;
}

/** Browsers a user has signed in from (src/auth/known-devices.ts); the cookie's token only as its hash. */
export interface KnownDevicesTable {
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface AuditEventsTable {
  id: Generated<string>;
  at: CreatedAt;
  actor_user_id: string | null;
  actor_ip: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  changes: Json<Record<string, unknown>>;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  response: Json<unknown> | null;
  created_at: CreatedAt;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: Timestamp;
}

export interface CallsTable {
  id: Generated<string>;
  operator_id: string;
  source: 'manual' | 'pbx';
  pbx_call_id: string | null;
  status: 'ringing' | 'active' | 'ended';
  caller_phone: string | null;
  /** The exchange's linked id: the same on every leg of a transferred call (see src/telephony). */
  pbx_linked_id: string | null;
  /** The earlier leg, when the exchange transferred the caller here from another operator's call. */
  transferred_from_call_id: string | null;
  form_of_address: string | null;
  language: string | null;
  opened_at: Timestamp;
  answered_at: Timestamp | null;
  ended_at: Timestamp | null;
  end_reason: string | null;
  /** Snapshot of the rule state (holds, warnings, procedures) rebuilt from the timeline. */
  state: Json<Record<string, unknown>>;
  last_seq: number;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CallEventsTable {
  id: Generated<string>;
  call_id: string;
  seq: number;
  type: string;
  at: Timestamp;
  actor_user_id: string | null;
  data: Json<Record<string, unknown>>;
}

/** An oral appeal (усне звернення) as written; read it through `appeal_register`, which adds its number. */
export interface AppealsTable {
  id: Generated<string>;
  registration_year: number;
  lookup_code: string;
  call_id: string | null;
  surname: string;
  given_name: string;
  patronymic: string;
  residence: string;
  essence: string;
  kind: string;
  phone: string;
  email: string | null;
  status: string;
  registered_by: string;
  registered_at: Timestamp;
  status_changed_at: Timestamp;
  updated_at: Timestamp;
}

/** The register: appeals with their registration numbers (only numbered ones appear). */
export interface AppealRegisterView extends Omit<AppealsTable, 'id'> {
  id: string;
  registration_seq: number;
  registration_number: string;
}


export interface AppealNumbersTable {
  appeal_id: string;
  year: number;
  seq: number;
}

export interface AppealCountersTable {
  year: number;
  last_value: number;
}

export interface Database extends CourtsTables, KnowledgeTables, CallbackTables, NotificationTables {
  users: UsersTable;
  judicial_bodies: JudicialBodiesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_throttle: LoginThrottleTable;
  known_devices: KnownDevicesTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  settings: SettingsTable;
  calls: CallsTable;
  call_events: CallEventsTable;
  appeals: AppealsTable;
  appeal_numbers: AppealNumbersTable;
  appeal_register: AppealRegisterView;
  appeal_counters: AppealCountersTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Call = Selectable<CallsTable>;
export type CallEventRow = Selectable<CallEventsTable>;
export type Appeal = Selectable<AppealRegisterView>;
export type AppealRow = Selectable<AppealsTable>;
