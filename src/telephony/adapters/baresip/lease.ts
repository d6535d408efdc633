// Leases on baresip lines, so that of several Dovira processes one at a time drives each baresip.
// Lease time is the machine's clock, not business time.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { BaresipAddress } from '../../../config.ts';

/** This process, as a lease holder. */
export const PROCESS_HOLDER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export function lineName(role: 'survey' | 'dialler', address: BaresipAddress): string {
  return `${role} ${address.host}:${address.port}`;
}

/** Takes the line, or renews it for its holder; false while someone else holds it. */
export async function takeLease(db: Kysely<Database>, line: string, holder: string, ttlMs: number): Promise<boolean> {
  const now = new Date();
  const row = await db.insertInto('baresip_leases')
    .values({ line, holder, expires_at: new Date(now.getTime() + ttlMs) })
    .onConflict((oc) => oc.column('line').doUpdateSet({ holder, expires_at: new Date(now.getTime() + ttlMs) })
      .where((eb) => eb.or([eb('baresip_leases.holder', '=', holder), eb('baresip_leases.expires_at', '<', now)])))
    .returning('line')
    .executeTakeFirst();
  return row !== undefined;
}

export async function releaseLease(db: Kysely<Database>, line: string, holder: string): Promise<void> {
  await db.deleteFrom('baresip_leases').where('line', '=', line).where('holder', '=', holder).execute();
}
