import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Transaction } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { HttpProblem } from './problem.ts';

export interface StoredResult<T> {
  body: T;
  /** True when this is the saved answer to an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !KEY_PATTERN.test(raw)) {
    throw new HttpProblem(400, 'bad-idempotency-key', 'Заголовок Idempotency-Key має містити від 1 до 200 видимих ASCII-символів');
  }
  return raw;
}

/** Who made a request with which Idempotency-Key, and a digest of what they asked. */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  requestHash: string;
}

export function idempotencyClaimOf(request: FastifyRequest): IdempotencyClaim | undefined {
  const key = idempotencyKeyOf(request);
  const userId = request.principal?.userId;
  if (key === undefined || userId === undefined) return undefined;
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url}\n${JSON.stringify(request.params)}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  return { userId, key, requestHash };
}

/** The result stored for an Idempotency-Key that was used before; the same key for another request is refused. */
export async function earlierResult<T>(db: Db, claim: IdempotencyClaim): Promise<T> {
  const earlier = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response'])
    .where('user_id', '=', claim.userId)
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow();
  if (earlier.request_hash !== claim.requestHash) {
    throw new HttpProblem(422, 'idempotency-key-reused', 'Цей Idempotency-Key уже використано для іншого запиту');
  }
  return earlier.response as T;
}

/**
 * Runs `create` in one transaction together with the record of its Idempotency-Key. A retry with the
 * same key waits for the first attempt and gets its result back (what `create` returned, kept as
 * JSON): never a second call or event.
 */
export async function withIdempotency<T>(
  db: Db,
  request: FastifyRequest,
  create: (trx: Transaction<Database>) => Promise<T>,
): Promise<StoredResult<T>> {
  const claim = idempotencyClaimOf(request);
  if (claim === undefined) return { body: await db.transaction().execute(create), replayed: false };
  const fresh = await db.transaction().execute(async (trx) => {
    // A concurrent duplicate blocks on this row's unique key until the first one commits.
    const claimed = await trx
      .insertInto('idempotency_keys')
      .values({ user_id: claim.userId, key: claim.key, request_hash: claim.requestHash, response: null })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) return undefined;
    const body = await create(trx);
    await trx
      .updateTable('idempotency_keys')
      .set({ response: JSON.stringify(body) })
      .where('user_id', '=', claim.userId)
      .where('key', '=', claim.key)
      .execute();
    return { body };
  });
  if (fresh) return { body: fresh.body, replayed: false };
  return { body: await earlierResult<T>(db, claim), replayed: true };
}
