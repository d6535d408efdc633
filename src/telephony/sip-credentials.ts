// The SIP passwords of the operators' phones: the exchange (kamailio) lets a phone register its
// extension, and place calls as it, only with the extension's digest password. Dovira keeps only
// HA1 = md5(extension:realm:password), the form a SIP proxy checks a digest answer against; the
// password is typed by the admin, or generated and shown once, and never stored. The kamailio
// stream hands the HA1s to the exchange (src/telephony/adapters/kamailio/stream.ts).
import { createHash, randomInt } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import { textExpected } from '../http/fields.ts';
import type { Database } from '../db/schema.ts';

/** What a SIP proxy checks a digest answer against: md5 of "user:realm:password" (RFC 2617). */
export function sipHa1(extension: string, realm: string, password: string): string {
  return createHash('md5').update(`${extension}:${realm}:${password}`, 'utf8').digest('hex');
}

// Letters and digits that cannot be taken for one another when typed into a phone (no l, 1, I, O, 0).
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const GENERATED_LENGTH = 20;

/** A new password for a phone: 20 characters from 57, about 116 bits. */
export function generateSipPassword(): string {
  let password = '';
  for (let i = 0; i < GENERATED_LENGTH; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

/**
 * A password the admin types for a phone. Printable ASCII without spaces: what every phone's
 * keypad and web page accept. Twelve characters at least: the SIP port faces password guessing.
 */
export const SipPasswordField = z.string({ error: textExpected('Пароль SIP') })
  .min(12, 'Пароль SIP: щонайменше 12 символів')
  .max(64, 'Пароль SIP: не довше 64 символів')
  .regex(/^[\x21-\x7e]+$/, 'Пароль SIP: лише латинські літери, цифри та знаки, без пробілів');

export interface SipPasswordState {
  realm: string;
  setAt: Date;
}

/** Sets the phone's password at `extension` (replacing any), with its audit event, in `trx`. */
export async function setSipPassword(trx: Transaction<Database>, actor: Actor, input: {
  extension: string;
  realm: string;
  password: string;
  generated: boolean;
  now: Date;
}): Promise<SipPasswordState> {
  const ha1 = sipHa1(input.extension, input.realm, input.password);
  const values = { ha1, realm: input.realm, version: sql<number>`nextval('pbx_sip_credential_versions')`, updated_at: input.now };
  await trx.insertInto('pbx_sip_credentials').values({ extension: input.extension, ...values })
    .onConflict((oc) => oc.column('extension').doUpdateSet(values))
    .execute();
  // Never the password nor its HA1: the trail says that it changed, and how.
  await recordAudit(trx, actor, {
    entityType: 'pbx_extension', entityId: input.extension, action: 'sip_password_set',
    changes: { realm: input.realm, generated: input.generated },
  });
  return { realm: input.realm, setAt: input.now };
}

/** Takes the phone's password away (it can no longer register); false when it had none. */
export async function removeSipPassword(trx: Transaction<Database>, actor: Actor, extension: string, now: Date): Promise<boolean> {
  const removed = await trx.updateTable('pbx_sip_credentials')
    .set({ ha1: null, realm: null, version: sql<number>`nextval('pbx_sip_credential_versions')`, updated_at: now })
    .where('extension', '=', extension).where('ha1', 'is not', null)
    .returning('extension').executeTakeFirst();
  if (!removed) return false;
  await recordAudit(trx, actor, { entityType: 'pbx_extension', entityId: extension, action: 'sip_password_removed', changes: {} });
  return true;
}

/** Whether each of `extensions` has a password, and for which realm. */
export async function sipPasswordsOf(db: Db, extensions: string[]): Promise<Map<string, SipPasswordState>> {
  if (extensions.length === 0) return new Map();
  const rows = await db.selectFrom('pbx_sip_credentials').select(['extension', 'realm', 'updated_at'])
    .where('extension', 'in', extensions).where('ha1', 'is not', null).execute();
  return new Map(rows.map((row) => [row.extension, { realm: row.realm!, setAt: row.updated_at }]));
}

/** One phone's credentials as the exchange gets them; `ha1: null` means the phone may no longer register. */
export interface ExchangeCredential {
  user: string;
  realm: string | null;
  ha1: string | null;
  version: number;
}

/**
 * Changes whenever any credential changes: each change gives its row a version greater than any
 * before, so the sum of versions grows (whatever order concurrent changes commit in).
 */
export async function sipCredentialsFingerprint(db: Db): Promise<string> {
  const row = await db.selectFrom('pbx_sip_credentials')
    .select([sql<number>`count(*)::int`.as('rows'), sql<string>`coalesce(sum(version), 0)::text`.as('versions')])
    .executeTakeFirstOrThrow();
  return `${row.rows}:${row.versions}`;
}

/** Every phone's credentials, removed ones included, for the exchange. */
export async function exchangeCredentials(db: Db): Promise<ExchangeCredential[]> {
  const rows = await db.selectFrom('pbx_sip_credentials').select(['extension', 'realm', 'ha1', 'version']).orderBy('extension').execute();
  return rows.map((row) => ({ user: row.extension, realm: row.realm, ha1: row.ha1, version: row.version }));
}
