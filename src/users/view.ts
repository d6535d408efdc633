// An API token as the API shows it (never its secret, which only the answer that issued it carries).
// No database here: the admin's screen takes its type from this file.
import { z } from 'zod';
import type { Selectable } from 'kysely';
import { TOKEN_SCOPES, type ApiTokensTable } from '../db/schema.ts';

export const TokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES).describe('telephony: лише маршрути телефонії (події АТС)'),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenView = z.infer<typeof TokenView>;

export function tokenView(token: Selectable<ApiTokensTable>): TokenView {
  return {
    id: token.id, name: token.name, scope: token.scope, createdAt: token.created_at.toISOString(), expiresAt: token.expires_at.toISOString(),
    lastUsedAt: token.last_used_at?.toISOString() ?? null, revokedAt: token.revoked_at?.toISOString() ?? null,
  };
}
