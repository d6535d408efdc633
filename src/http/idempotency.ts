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

/**
 * Runs `create` in one transaction together with the record of its Idempotency-Key. A retry with the
 * same key waits for the first attempt and gets its result back (what `create` returned, kept as
 * JSON): never a second call or appeal.
 */
export async function withIdempotency<T>(
  db: Db,
  request: FastifyRequest,
  create: (trx: Transaction<Database>) => Promise<T>,
  /** The result, when the caller knows it before the work (an id it made itself): stored with the key at once, saving a write. */
  knownResult?: T,
): Promise<StoredResult<T>> {
  const key = idempotencyKeyOf(request);
  const userId = request.principal?.userId;
  if (key === undefined || userId === undefined) {
    return { body: await db.transaction().execute(create), replayed: false };
  }
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.routeOptions.url}\n${JSON.stringify(request.params)}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  const fresh = await db.transaction().execute(async (trx) => {
    // A concurrent duplicate blocks on this row's unique key until the first one commits.
    const claimed = await trx
      .insertInto('idempotency_keys')
      .values({ user_id: userId, key, request_hash: requestHash, response: knownResult === undefined ? null : JSON.stringify(knownResult) })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) return undefined;
    const body = await create(trx);
    if (knownResult === undefined) {
      await trx
        .updateTable('idempotency_keys')
        .set({ response: JSON.stringify(body) })
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .execute();
    }
    return { body };
  });
  if (fresh) return { body: fresh.body, replayed: false };

  const earlier = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (earlier.request_hash !== requestHash) {
    throw new HttpProblem(422, 'idempotency-key-reused', 'Цей Idempotency-Key уже використано для іншого запиту');
  }
  return { body: earlier.response as T, replayed: true };
}
