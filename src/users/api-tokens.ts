// API tokens of machine users (role pbx): issued by the admin for a scope and a term, kept only as
// a hash, revoked at will. Each change and its audit event in one transaction.
import type { Selectable } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.ts';
import { API_TOKEN_PREFIX } from '../auth/principal.ts';
import { randomSecret, sha256 } from '../auth/secrets.ts';
import type { Db } from '../db/database.ts';
import type { ApiTokensTable, TokenScope } from '../db/schema.ts';
import { missing, Refusal } from '../http/problem.ts';

const DAY_MS = 24 * 3_600_000;
/** A token lives a year unless the admin says otherwise, and never more than two. */
export const TOKEN_DEFAULT_DAYS = 365;
export const TOKEN_MAX_DAYS = 730;

export type ApiToken = Selectable<ApiTokensTable>;

export async function listApiTokens(db: Db, userId: string): Promise<ApiToken[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

/** Issues a token; its secret is in the answer only, never stored. */
export async function issueApiToken(
  db: Db,
  actor: Actor,
  request: { userId: string; name: string; scope?: TokenScope | undefined; expiresAt?: Date | undefined },
  at: Date,
): Promise<{ row: ApiToken; token: string }> {
  const expiresAt = request.expiresAt ?? new Date(at.getTime() + TOKEN_DEFAULT_DAYS * DAY_MS);
  if (expiresAt.getTime() <= at.getTime()) {
    throw new Refusal('unprocessable', 'token-expiry', 'Термін дії токена має закінчуватися в майбутньому', [{ field: 'expiresAt', message: 'Чинний до: дата має бути в майбутньому' }]);
  }
  if (expiresAt.getTime() > at.getTime() + TOKEN_MAX_DAYS * DAY_MS) {
    throw new Refusal('unprocessable', 'token-expiry', 'Токен видають щонайбільше на два роки', [{ field: 'expiresAt', message: `Чинний до: не пізніше ніж через ${TOKEN_MAX_DAYS} днів` }]);
  }
  const token = randomSecret(API_TOKEN_PREFIX);
  const row = await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'role']).where('id', '=', request.userId).executeTakeFirst();
    if (!user) throw missing('Користувача');
    if (user.role !== 'pbx') {
      throw new Refusal('unprocessable', 'not-a-machine-user', 'API-токени видають лише машинним користувачам (роль pbx): людина входить зі своїм паролем', [
        { field: 'role', message: 'Токен можна видати лише користувачу з роллю pbx' },
      ]);
    }
    const created = await trx.insertInto('api_tokens').values({
      user_id: user.id, name: request.name, token_hash: sha256(token), scope: request.scope ?? 'telephony', expires_at: expiresAt,
    }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      entityType: 'api_token', entityId: created.id, action: 'created', changes: { userId: user.id, name: created.name, scope: created.scope, expiresAt: created.expires_at.toISOString() },
    });
    return created;
  });
  return { row, token };
}

export async function revokeApiToken(db: Db, actor: Actor, id: string, at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).returning('id').executeTakeFirst();
    if (!row) throw missing('Чинний API-токен');
    await recordAudit(trx, actor, { entityType: 'api_token', entityId: row.id, action: 'revoked' });
  });
}
