// What people call the objects of a page of the audit trail: a call by its start and operator, an
// appeal by its registration number, a user by name and login… Read set-based: one query per kind
// of object on the page, whatever the page's length. The trail reads the domains' tables directly,
// as it stores their ids: it is the one place that names every kind of object.
import type { Db } from '../db/database.ts';
import type { AuditEntityType } from './actions.ts';
import type { Subject } from './view.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NONE: Subject = { name: null, detail: null, phone: null, at: null, operatorNumber: null, link: null };

export const subjectKey = (entityType: string, entityId: string): string => `${entityType}:${entityId}`;

type Reader = (db: Db, ids: string[]) => Promise<[string, Subject][]>;

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

/** Each kind of object read by its ids; a kind left out is named by its id alone (settings: by their key). */
const READERS: Partial<Record<AuditEntityType, Reader>> = {
  user: async (db, ids) => (await db.selectFrom('users').select(['id', 'full_name', 'login', 'operator_number']).where('id', 'in', ids).execute())
    .map((u) => [u.id, { ...NONE, name: u.full_name, detail: u.login, operatorNumber: u.operator_number, link: `/admin/users/${u.id}` }]),
  appeal: async (db, ids) => (await db.selectFrom('appeal_register').select(['id', 'registration_number']).where('id', 'in', ids).execute())
    .map((a) => [a.id, { ...NONE, name: a.registration_number, link: `/supervisor/appeals/${a.id}` }]),
  call: async (db, ids) => (await db.selectFrom('calls').leftJoin('users', 'users.id', 'calls.operator_id')
    .select(['calls.id', 'calls.opened_at', 'users.operator_number']).where('calls.id', 'in', ids).execute())
    .map((c) => [c.id, { ...NONE, at: iso(c.opened_at), operatorNumber: c.operator_number, link: `/supervisor/calls/${c.id}` }]),
  callback: async (db, ids) => (await db.selectFrom('callbacks').select(['id', 'phone', 'due_at']).where('id', 'in', ids).execute())
    .map((c) => [c.id, { ...NONE, phone: c.phone, at: iso(c.due_at) }]),
  judicial_body: async (db, ids) => (await db.selectFrom('judicial_bodies').select(['id', 'name']).where('id', 'in', ids).execute())
    .map((b) => [b.id, { ...NONE, name: b.name }]),
  authorised_person: async (db, ids) => (await db.selectFrom('authorised_persons').innerJoin('judicial_bodies', 'judicial_bodies.id', 'authorised_persons.judicial_body_id')
    .select(['authorised_persons.id', 'authorised_persons.full_name', 'judicial_bodies.name']).where('authorised_persons.id', 'in', ids).execute())
    .map((p) => [p.id, { ...NONE, name: p.full_name, detail: p.name }]),
  knowledge_article: async (db, ids) => (await db.selectFrom('knowledge_articles').select(['id', 'title']).where('id', 'in', ids).execute())
    .map((a) => [a.id, { ...NONE, name: a.title }]),
  api_token: async (db, ids) => (await db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.name', 'users.id as user_id', 'users.full_name']).where('api_tokens.id', 'in', ids).execute())
    .map((t) => [t.id, { ...NONE, name: t.name, detail: t.full_name, link: `/admin/users/${t.user_id}` }]),
  pbx_event: async (db, ids) => (await db.selectFrom('pbx_events').select(['id', 'type', 'pbx_call_id', 'call_id']).where('id', 'in', ids).execute())
    .map((e) => [e.id, { ...NONE, name: e.type, detail: e.pbx_call_id, link: e.call_id ? `/supervisor/calls/${e.call_id}` : null }]),
  survey_rating: async (db, ids) => (await db.selectFrom('survey_ratings').innerJoin('calls', 'calls.id', 'survey_ratings.call_id')
    .leftJoin('users', 'users.id', 'survey_ratings.operator_id')
    .select(['survey_ratings.id', 'survey_ratings.call_id', 'calls.opened_at', 'users.operator_number']).where('survey_ratings.id', 'in', ids).execute())
    .map((r) => [r.id, { ...NONE, at: iso(r.opened_at), operatorNumber: r.operator_number, link: `/supervisor/calls/${r.call_id}` }]),
};

/** Objects named by their key, not a row id: the key itself is what people know them by. */
const BY_KEY: Partial<Record<AuditEntityType, (id: string) => Subject>> = {
  pbx_extension: (id) => ({ ...NONE, name: id, link: '/admin/extensions' }),
  blocked_number: (id) => ({ ...NONE, phone: id, link: '/admin/blocked-numbers' }),
  setting: (id) => ({ ...NONE, name: id }),
};

/**
 * The subjects of these events, by `subjectKey`. An object not found (removed, or an id of another
 * shape) is simply absent: the screen falls back to a short id.
 */
export async function subjectsOf(db: Db, events: readonly { entity_type: string; entity_id: string }[]): Promise<Map<string, Subject>> {
  const idsByType = new Map<string, Set<string>>();
  for (const event of events) {
    const ids = idsByType.get(event.entity_type) ?? new Set<string>();
    ids.add(event.entity_id);
    idsByType.set(event.entity_type, ids);
  }
  const found = new Map<string, Subject>();
  await Promise.all([...idsByType].map(async ([type, ids]) => {
    const byKey = BY_KEY[type as AuditEntityType];
    if (byKey) {
      for (const id of ids) found.set(subjectKey(type, id), byKey(id));
      return;
    }
    const read = READERS[type as AuditEntityType];
    // The id columns are uuid: anything else could never match, and would break the query.
    const uuids = [...ids].filter((id) => UUID.test(id));
    if (!read || uuids.length === 0) return;
    for (const [id, subject] of await read(db, uuids)) found.set(subjectKey(type, id), subject);
  }));
  return found;
}

/** Fields of the changes that hold another object's id, and that object's kind. */
export const REFERENCE_FIELDS = {
  judicialBodyId: 'judicial_body', callId: 'call', appealId: 'appeal',
  userId: 'user', operatorId: 'user', assignedOperatorId: 'user',
} as const satisfies Record<string, AuditEntityType>;

/** The objects the changes of these events point to, as events of their own for `subjectsOf`. */
export function referencesOf(events: readonly { changes: Record<string, unknown> }[]): { entity_type: string; entity_id: string }[] {
  const found: { entity_type: string; entity_id: string }[] = [];
  for (const { changes } of events) {
    for (const [field, type] of Object.entries(REFERENCE_FIELDS)) {
      const value = changes[field];
      const pair = typeof value === 'object' && value !== null ? value as { from?: unknown; to?: unknown } : { to: value };
      for (const id of [pair.from, pair.to]) if (typeof id === 'string') found.push({ entity_type: type, entity_id: id });
    }
  }
  return found;
}
