// The people who sign in, and what keeps their sign-ins safe: sessions, API tokens, failed logins,
// known browsers.
import type { Generated } from 'kysely';
import type { CreatedAt, Instant, UpdatedAt } from '../columns.ts';

/** `pbx`: the telephone exchange, a machine user that reports calls (see src/telephony). */
export const USER_ROLES = ['operator', 'supervisor', 'admin', 'court_clerk', 'pbx'] as const;
export type Role = (typeof USER_ROLES)[number];

export interface UsersTable {
  id: Generated<string>;
  login: string;
  full_name: string;
  role: Role;
  /** «Оператор № …» (G3): unique, set for operators only. */
  operator_number: number | null;
  /** A court clerk (працівник апарату суду) belongs to exactly one judicial body. */
  judicial_body_id: string | null;
  /** Where Dovira e-mails the person (supervisors get the new-appeal notices); optional. */
  email: string | null;
  password_hash: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a leaked table opens no session. */
  id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  created_at: CreatedAt;
  expires_at: Instant;
}

/** What an API token opens: `telephony` is the exchange's routes only (route config `tokenScope`). */
export const TOKEN_SCOPES = ['telephony'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** API tokens are issued to machine users (role `pbx`) only, each with a scope and an expiry. */
export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  scope: TokenScope;
  created_at: CreatedAt;
  expires_at: Instant;
  last_used_at: Instant | null;
  revoked_at: Instant | null;
}

/** Failed logins per key (`account:<login>`, `address:<ip>`, `device:<hash>`): see src/auth/login-throttle.ts. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  first_failure_at: Instant;
  last_failure_at: Instant;
  /** Until when attempts under this key are refused without checking the password. */
  blocked_until: Instant | null;
}

/** Browsers a user has signed in from (src/auth/known-devices.ts); the cookie's token only as its hash. */
export interface KnownDevicesTable {
  token_hash: string;
  user_id: string;
  created_at: CreatedAt;
  expires_at: Instant;
}
