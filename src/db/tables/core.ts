// What every part of Dovira shares: the audit trail, idempotent requests, settings, and the
// record of what the scheduled checks have announced.
import type { Generated } from 'kysely';
import type { CreatedAt, Instant, Json } from '../columns.ts';

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
  updated_at: Instant;
}

/**
 * What the scheduled checks have already announced live (a late appeal, a callback due, a hold
 * over three minutes): one row each, so that several Dovira processes announce a thing once.
 */
export interface LiveAnnouncementsTable {
  kind: string;
  entity_key: string;
  announced_at: Instant;
}
