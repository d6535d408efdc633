// The directory's SQL: bodies and their authorised persons, each write with its audit event.
import { sql, type Kysely, type Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.ts';
import type { Database } from '../db/schema.ts';
import type { FieldError } from '../http/problem.ts';
import { classificationErrors, defaultInstance, type BodyKind, type Instance, type RegionCode } from './kinds.ts';
import { matchesEveryWord, type NameCursor } from './search.ts';
import type { BodyRow, PersonRow } from './view.ts';

/** The actor of writes no user made: the seed and the CSV import command. */
export const SYSTEM: Actor = { userId: null, ip: null };

/** A body as the directory holds it, apart from ids and timestamps. */
export interface BodyValues {
  code: string;
  name: string;
  kind: BodyKind | null;
  instance: Instance | null;
  region: RegionCode | null;
  address: string | null;
  phones: string[];
  email: string | null;
  website: string | null;
  active: boolean;
}

/** A change to some of a body's values; undefined leaves a value as it is. */
export type BodyPatch = { [K in keyof BodyValues]?: BodyValues[K] | undefined };

// Codes and states go to the audit trail with their old and new values; texts (names, addresses,
// contacts) only by the field's name, as the trail keeps no free text.
const TRACKED = ['code', 'kind', 'instance', 'region', 'active'] as const;
const NAMED_ONLY = ['name', 'address', 'phones', 'email', 'website'] as const;
const BODY_FIELDS = [...TRACKED, ...NAMED_ONLY] satisfies (keyof BodyValues)[];

export function bodyValues(row: BodyRow): BodyValues {
  return {
    code: row.code, name: row.name, kind: row.kind, instance: row.instance, region: row.region,
    address: row.address, phones: row.phones, email: row.email, website: row.website, active: row.active,
  };
}

/** A new body's values: the kind's usual instance when none is given, nothing else assumed. */
export function newBodyValues(input: BodyPatch & { code: string; name: string; kind: BodyKind }): BodyValues {
  return mergeBodyValues({
    code: input.code, name: input.name, kind: input.kind, instance: defaultInstance(input.kind), region: null,
    address: null, phones: [], email: null, website: null, active: true,
  }, input);
}

/** Applies a patch; a new kind without an instance takes the new kind's usual instance. */
export function mergeBodyValues(before: BodyValues, patch: BodyPatch): BodyValues {
  const given = Object.fromEntries(BODY_FIELDS.filter((key) => patch[key] !== undefined).map((key) => [key, patch[key]]));
  const after: BodyValues = { ...before, ...given };
  if (after.kind !== null && patch.kind !== undefined && patch.kind !== before.kind && patch.instance === undefined) {
    after.instance = defaultInstance(after.kind);
  }
  return after;
}

/** Field errors of the kind/instance/region combination (none for a body whose kind is not set yet). */
export function bodyErrors(values: BodyValues): FieldError[] {
  return values.kind === null ? [] : classificationErrors({ kind: values.kind, instance: values.instance, region: values.region });
}

/** The fields that differ, by name. */
export function changedFields(before: BodyValues, after: BodyValues): (keyof BodyValues)[] {
  return BODY_FIELDS.filter((key) =>
    key === 'phones' ? before.phones.join(',') !== after.phones.join(',') : before[key] !== after[key]);
}

function bodyAuditChanges(before: BodyValues, after: BodyValues, extra: Record<string, unknown>): Record<string, unknown> {
  const changed = changedFields(before, after);
  const changes: Record<string, unknown> = { ...extra };
  for (const key of TRACKED) if (changed.includes(key)) changes[key] = { from: before[key], to: after[key] };
  const named = NAMED_ONLY.filter((key) => changed.includes(key));
  if (named.length > 0) changes.changed = named;
  return changes;
}

function bodyColumns(values: BodyValues) {
  return {
    code: values.code, name: values.name, kind: values.kind, instance: values.instance, region: values.region,
    address: values.address, phones: values.phones, email: values.email, website: values.website, active: values.active,
  };
}

export interface WriteOptions {
  /** How the change came, for the trail: e.g. 'csv-import', 'seed'. */
  via?: string;
  isDemo?: boolean;
}

export async function insertBody(trx: Transaction<Database>, actor: Actor, values: BodyValues, at: Date, options: WriteOptions = {}): Promise<BodyRow> {
  const row = await trx.insertInto('judicial_bodies')
    .values({ ...bodyColumns(values), is_demo: options.isDemo ?? false, created_at: at, updated_at: at })
    .returningAll().executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    entityType: 'judicial_body', entityId: row.id, action: 'created',
    changes: {
      code: row.code, kind: row.kind, instance: row.instance, region: row.region, active: row.active,
      ...(row.is_demo ? { demo: true } : {}), ...(options.via ? { via: options.via } : {}),
    },
  });
  return row;
}

/** Writes the new values when they differ from the old ones; returns the row as it now stands. */
export async function updateBody(trx: Transaction<Database>, actor: Actor, before: BodyRow, after: BodyValues, at: Date, options: WriteOptions = {}): Promise<BodyRow> {
  const old = bodyValues(before);
  if (changedFields(old, after).length === 0) return before;
  const row = await trx.updateTable('judicial_bodies').set({ ...bodyColumns(after), updated_at: at })
    .where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    entityType: 'judicial_body', entityId: row.id, action: 'updated',
    changes: bodyAuditChanges(old, after, options.via ? { via: options.via } : {}),
  });
  return row;
}

export async function findBody(db: Kysely<Database>, id: string, lock = false): Promise<BodyRow | undefined> {
  let query = db.selectFrom('judicial_bodies').selectAll().where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/**
 * The bodies in force that serve a region: its own and the national ones (with no region, only the
 * national ones), in alphabetical order: what forwarding suggests from.
 */
export async function activeBodiesServing(db: Kysely<Database>, region: RegionCode | null) {
  let query = db.selectFrom('judicial_bodies')
    .select(['id', 'code', 'name', 'kind', 'region', 'address', 'email', 'is_demo'])
    .where('active', '=', true).orderBy('sort_key').orderBy('id');
  // A body with no region serves the whole country.
  query = region ? query.where((eb) => eb.or([eb('region', '=', region), eb('region', 'is', null)])) : query.where('region', 'is', null);
  return query.execute();
}

export interface BodyFilter {
  words: string[];
  kind?: BodyKind | undefined;
  instance?: Instance | undefined;
  region?: RegionCode | undefined;
  status: 'active' | 'inactive' | 'all';
}

/** One page of bodies in Ukrainian alphabetical order, limit+1 rows to tell whether more follow. */
export async function listBodies(db: Kysely<Database>, filter: BodyFilter, limit: number, cursor?: NameCursor): Promise<BodyRow[]> {
  let query = db.selectFrom('judicial_bodies').selectAll()
    .where(matchesEveryWord(sql.ref('search_text'), filter.words))
    .orderBy('sort_key').orderBy('id').limit(limit + 1);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.instance) query = query.where('instance', '=', filter.instance);
  if (filter.region) query = query.where('region', '=', filter.region);
  if (filter.status !== 'all') query = query.where('active', '=', filter.status === 'active');
  if (cursor) query = query.where(sql<boolean>`(sort_key, id) > (${cursor.key} COLLATE "C", ${cursor.id}::uuid)`);
  return query.execute();
}

export interface PersonValues {
  fullName: string;
  position: string;
  phone: string;
  email: string | null;
  active: boolean;
}

const PERSON_FIELDS = ['fullName', 'position', 'phone', 'email'] as const;

export async function insertPerson(trx: Transaction<Database>, actor: Actor, bodyId: string, values: PersonValues, at: Date, options: WriteOptions = {}): Promise<PersonRow> {
  const row = await trx.insertInto('authorised_persons').values({
    judicial_body_id: bodyId, full_name: values.fullName, position: values.position, phone: values.phone,
    email: values.email, active: values.active, created_at: at, updated_at: at,
  }).returningAll().executeTakeFirstOrThrow();
  // The trail holds ids and states only: a person's name and contacts stay in the directory.
  await recordAudit(trx, actor, {
    entityType: 'authorised_person', entityId: row.id, action: 'created',
    changes: { judicialBodyId: bodyId, active: row.active, ...(options.via ? { via: options.via } : {}) },
  });
  return row;
}

export function personValues(row: PersonRow): PersonValues {
  return { fullName: row.full_name, position: row.position, phone: row.phone, email: row.email, active: row.active };
}

export async function updatePerson(
  trx: Transaction<Database>, actor: Actor, before: PersonRow, after: PersonValues & { judicialBodyId: string }, at: Date,
): Promise<PersonRow> {
  const old = personValues(before);
  const named = PERSON_FIELDS.filter((key) => old[key] !== after[key]);
  const moved = after.judicialBodyId !== before.judicial_body_id;
  const toggled = old.active !== after.active;
  if (named.length === 0 && !moved && !toggled) return before;
  const row = await trx.updateTable('authorised_persons').set({
    judicial_body_id: after.judicialBodyId, full_name: after.fullName, position: after.position, phone: after.phone,
    email: after.email, active: after.active, updated_at: at,
  }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    entityType: 'authorised_person', entityId: row.id, action: 'updated',
    changes: {
      ...(moved ? { judicialBodyId: { from: before.judicial_body_id, to: after.judicialBodyId } } : {}),
      ...(toggled ? { active: { from: old.active, to: after.active } } : {}),
      ...(named.length > 0 ? { changed: named } : {}),
    },
  });
  return row;
}

export async function findPerson(db: Kysely<Database>, id: string, lock = false): Promise<PersonRow | undefined> {
  let query = db.selectFrom('authorised_persons').selectAll().where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function personsOf(db: Kysely<Database>, bodyId: string): Promise<PersonRow[]> {
  return db.selectFrom('authorised_persons').selectAll().where('judicial_body_id', '=', bodyId).orderBy('active', 'desc').orderBy('sort_key').orderBy('id').execute();
}

export type TransferTargetRow = PersonRow & { body_code: string; body_name: string };

/**
 * Active persons of active bodies whose name, position or body matches every word, alphabetically
 * by the person's name (H4: whom to transfer the call to).
 */
export async function searchPersons(db: Kysely<Database>, words: string[], bodyId: string | undefined, limit: number, cursor?: NameCursor): Promise<TransferTargetRow[]> {
  let query = db.selectFrom('authorised_persons as p')
    .innerJoin('judicial_bodies as b', 'b.id', 'p.judicial_body_id')
    .selectAll('p').select(['b.code as body_code', 'b.name as body_name'])
    .where('p.active', '=', true).where('b.active', '=', true)
    .where(matchesEveryWord(sql<string>`p.search_text || ' ' || b.search_text`, words))
    .orderBy('p.sort_key').orderBy('p.id').limit(limit + 1);
  if (bodyId) query = query.where('p.judicial_body_id', '=', bodyId);
  if (cursor) query = query.where(sql<boolean>`(p.sort_key, p.id) > (${cursor.key} COLLATE "C", ${cursor.id}::uuid)`);
  return query.execute();
}
