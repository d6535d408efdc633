// Every declared route, fuzzed from its own schema in the OpenAPI document: valid requests (so the
// handler does its work), requests with one flaw, and hostile ones, each sent as a role the route
// admits, with ids of real rows. Whatever is sent: never a 5xx, every refusal a Ukrainian problem
// document, no stack trace or SQL in an answer, no echo of a 100 KB input, and never a partial write:
// a refused request changes no table, an accepted write is in the audit trail.
// FUZZ_SEED=<seed> replays a run (the seed is printed); FUZZ_RUNS=<n> sets the runs per route and kind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import type { DeclaredRoute } from '../src/app.ts';
import type { Role } from '../src/db/schema.ts';
import { ROLES } from '../src/http/access.ts';
import { SESSION_COOKIE } from '../src/auth/principal.ts';
import { sha256 } from '../src/auth/secrets.ts';
import { WEB_DIST } from '../src/web/static.ts';
import { startTestSmsGateway, type TestSmsGateway } from '../src/forwarding/test-sms-gateway.ts';
import { databaseTargets } from './databases.ts';
import { startTestApp, TEST_PASSWORD, type TestApp } from './app.ts';
import { connectExchange, plusSeconds } from './pbx.ts';
import { validAppeal } from './fixtures.ts';
import { almostValid, encodeUrlValue, hostileJson, hostileText, toJsonText, validValue, type Hints, type JsonSchema } from './schema-arbitrary.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const PROBLEM = /^application\/problem\+json/;
const CYRILLIC = /[а-яіїєґ]/i;
const STACK = / {4}at |node_modules|\bsrc\/[\w/-]+\.ts\b/;
const SQL_TEXT = [/\bSELECT\b/i, /\bINSERT\b/i, /\bUPDATE\s+"?\w+"?\s+SET\b/i, /syntax error/i, /\brelation\b/i, /\bviolates\b/i, /duplicate key/i, /invalid input syntax/i,
  /\b(?:22001|22003|22007|22008|22021|22P02|22P05|23502|23503|23505|23514|42601|42703|42P01|54001|40001|40P01|57014)\b/];
const HUGE = 'x'.repeat(256);
const FUZZER_PASSWORD = 'fuzzer-password-42';

type Caller = Role | 'anonymous';
type Kind = 'valid' | 'almost valid' | 'hostile';

interface FuzzRequest {
  kind: Kind;
  as: Caller;
  method: string;
  url: string;
  payload: string | undefined;
  /** The Idempotency-Key header, when the request carries one. */
  key: string | undefined;
  /** The body's Content-Type: JSON unless a hostile request says otherwise. */
  contentType?: string;
  /** Why no route may accept this request, when none may. */
  mustRefuse?: string;
  flaw: string;
}

/** What a route takes, as the OpenAPI document says (a route the document hides takes only its URL). */
interface RouteShape {
  route: DeclaredRoute;
  params: JsonSchema | undefined;
  query: JsonSchema | undefined;
  body: JsonSchema | undefined;
}

interface Pools {
  calls: string[];
  appeals: string[];
  /** Registered and left for POST /appeals/{id}/forward alone, so that forwarding itself is reached. */
  toForward: string[];
  forwarded: string[];
  /** In the shared queue, to be claimed. */
  queued: string[];
  /** Claimed by the operator: for attempts, dialling and close. */
  claimed: string[];
  /** Claimed by the operator, for release alone (which gives them back to the queue). */
  toRelease: string[];
  bodies: string[];
  persons: string[];
  articles: string[];
  slugs: string[];
  spareUsers: string[];
  operators: string[];
  users: string[];
  spareTokens: string[];
  phones: string[];
  pbxUser: string;
  pbxToken: string;
}

// Valid values for what the schemas cannot say (a refinement or a transform in zod).
const WORDS = ['прошу', 'повідомити', 'стан', 'розгляду', 'справи', 'суд', 'засідання', 'апеляційної', 'скарги', 'щодо', 'рішення', 'м.', 'Житомир', 'вул.', 'Київська,', '10', 'роз’яснити', 'порядок', '№', '2-345/26', 'Мар\'яна'];
const NAMES = ['Шевчук', 'Коваленко', 'Мар’яна', 'Мар\'яна', 'Іван', 'Петрович', 'Олексіївна', 'Жан-Поль', 'О. Генрі', 'Ґудзь'];
const FULL_NAMES = ['Олена Петрівна Коваленко', 'Андрій Олегович Мельник', 'Мар’яна Шевчук'];
const ukrainianText = (schema: JsonSchema) => fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 })
  .map((words) => words.join(' ').slice(0, schema.maxLength ?? 5000).trim() || 'суд')
  .map((text) => (schema.minLength && text.length < schema.minLength ? text.padEnd(schema.minLength, 'я') : text));
const phones = fc.oneof(
  fc.stringMatching(/^0(50|67|44|93|97)\d{7}$/),
  fc.stringMatching(/^\+380(50|67)\d{7}$/),
  fc.constantFrom('067 123-45-67', '(044) 123 45 67', '+48 601 234 567', '380501234567'),
);
const emails = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), fc.constantFrom('example.com', 'ukr.net')).map(([local, domain]) => `${local}@${domain}`);
const tags = fc.constantFrom('суд', 'апеляція', 'строки розгляду', 'довідка', 'Мар’яна');
// What a list gives out as nextCursor: the (time, id) of the last row, an id a uuid or (audit trail, deliveries) a number.
const validCursors = fc.tuple(fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }), fc.oneof(fc.uuid({ version: 4 }), fc.bigInt({ min: 1n, max: 10n ** 12n }).map(String)))
  .map(([at, id]) => Buffer.from(JSON.stringify({ at: at.toISOString(), id })).toString('base64url'));
const instantNear = (fromSeconds: number, toSeconds: number, at: Date) =>
  fc.integer({ min: fromSeconds, max: toSeconds }).map((seconds) => plusSeconds(at, seconds).toISOString());

function isString(schema: JsonSchema): boolean {
  return schema.type === 'string';
}

function hintsFor(route: DeclaredRoute, pools: Pools, now: Date): Hints {
  const fromPool = (ids: string[], schema: JsonSchema) =>
    ids.length === 0 ? validValue(schema) : fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: validValue(schema) });
  const zammad = route.url.endsWith('/telephony/zammad');
  const pbxEvents = route.url.endsWith('/telephony/events');
  return {
    valid(name, schema) {
      if (!isString(schema) || schema.enum) return undefined;
      // Ids in the URL: rows that exist, so the handler is reached, and now and then one that does not.
      if (name === 'id' || (name === 'appealId' && route.url.includes('/:appealId'))) {
        const url = route.url;
        if (url.includes('/users/:id/api-tokens')) return fromPool([pools.pbxUser], schema);
        if (url.includes('/users/')) return fromPool(pools.spareUsers, schema);
        if (url.includes('/api-tokens/')) return fromPool(pools.spareTokens, schema);
        if (url.includes('/calls/')) return fromPool(pools.calls, schema);
        if (url.includes('/clerk/inbox/')) return fromPool(pools.forwarded, schema);
        if (url.endsWith('/forward')) return fromPool(pools.toForward, schema);
        if (url.includes('/appeals/')) return fromPool([...pools.appeals, ...pools.forwarded], schema);
        if (url.endsWith('/claim')) return fromPool(pools.queued, schema);
        if (url.endsWith('/release')) return fromPool(pools.toRelease, schema);
        if (url.includes('/callbacks/')) return fromPool([...pools.claimed, ...pools.queued], schema);
        if (url.includes('/judicial-bodies/')) return fromPool(pools.bodies, schema);
        if (url.includes('/authorised-persons/')) return fromPool(pools.persons, schema);
        // An article is read by its id or its address (slug), and changed by its id.
        if (url.includes('/knowledge/') && route.method === 'GET') return fromPool([...pools.articles, ...pools.slugs], { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 100 });
        if (url.includes('/knowledge/')) return fromPool(pools.articles, schema);
      }
      if (schema.format === 'uuid') {
        if (name === 'callId') return fromPool(pools.calls, schema);
        if (name === 'appealId') return fromPool(pools.appeals, schema);
        if (name === 'judicialBodyId') return fromPool(pools.bodies, schema);
        if (name === 'operatorId' || name === 'assignedOperatorId') return fromPool(route.url.includes('/telephony/') ? pools.operators : pools.operators.slice(0, 1), schema);
        if (name === 'actorUserId') return fromPool(pools.users, schema);
        return undefined;
      }
      if (schema.format === 'date-time') {
        if (name === 'dueAt') return instantNear(60, 3 * 86_400, now);
        if (name === 'at' || name === 'startedAt') return instantNear(-3600, -1, now);
        if (name === 'timestamp') return instantNear(-600, 600, now);
        return instantNear(-30 * 86_400, 86_400, now);
      }
      if (pbxEvents && (name === 'callId' || name === 'linkedId')) return fc.constantFrom('fz-call-1', 'fz-call-2', 'fz-call-3', 'fz-seed-call');
      if (pbxEvents && name === 'eventId') return fc.uuid({ version: 4 }).map((id) => `fz-${id}`);
      // Removing an extension has one of its own, so that the others still find theirs.
      if (name === 'extension') return route.method === 'DELETE' && route.url.endsWith(':extension') ? fromPool(['1099'], schema) : fc.constantFrom('1017', '1018');
      if (zammad && name === 'callId') return fc.constantFrom('zammad-1', 'zammad-2', 'zammad-3');
      if (zammad && (name === 'from' || name === 'to')) return fc.oneof(phones, fc.constant('1017'));
      if (zammad && name === 'token') return fc.constant(pools.pbxToken);
      if (route.url.endsWith('/auth/login')) {
        if (name === 'login') return fc.constantFrom('fuzzer', 'FUZZER', ' fuzzer ', 'nobody');
        if (name === 'password') return fc.constantFrom(FUZZER_PASSWORD, FUZZER_PASSWORD, 'wrong-password');
      }
      if (name === 'website') return fc.constantFrom('https://court.gov.ua', 'http://zt.court.gov.ua/sud0690/');
      if (schema.pattern || schema.format) return undefined;
      if (['surname', 'givenName', 'patronymic'].includes(name)) return fc.constantFrom(...NAMES);
      if (name === 'fullName') return fc.constantFrom(...FULL_NAMES);
      if (name === 'phones') return phones;
      if (name === 'phone' || name === 'callerPhone') return name === 'phone' && route.url.includes('/callers/') ? fromPool(pools.phones, schema) : phones;
      if (name === 'email') return emails;
      if (name === 'tags' || name === 'tag') return tags;
      if (name === 'password') return fc.string({ minLength: 10, maxLength: 40 });
      if (name === 'morningStartsAt') return fc.constantFrom('05:00', '06:00', '07:30');
      if (name === 'dayStartsAt') return fc.constantFrom('11:00', '12:00');
      if (name === 'eveningStartsAt') return fc.constantFrom('17:00', '18:00', '19:30');
      if (name === 'bodyMarkdown') return ukrainianText(schema).map((text) => `## Порядок\n\n${text}\n\n- **строк** — 15 днів`);
      if (name === 'cursor') return validCursors;
      if (name === '*') return undefined;
      return ukrainianText(schema);
    },
    malformed(name, schema) {
      if (!isString(schema) || schema.format || schema.pattern) return undefined;
      if (name === 'phone' || name === 'callerPhone') return ['12345', '+380 50 12', 'телефон', '050123456789012'];
      if (name === 'email') return ['ivan@', 'ivan.example.com', 'ivan@@ukr.net'];
      if (['surname', 'givenName', 'patronymic', 'fullName'].includes(name)) return ['Коваль1', 'Коваль<', '--'];
      if (name === 'website') return ['ftp://court.gov.ua', 'javascript:alert(1)'];
      return undefined;
    },
  };
}

/** The params, query and body schemas of a route from the OpenAPI document. */
function shapeOf(route: DeclaredRoute, spec: OpenApi): RouteShape {
  const specPath = route.url.replace(/:(\w+)/g, '{$1}');
  const operation = spec.paths[specPath]?.[route.method.toLowerCase()];
  const group = (where: 'path' | 'query'): JsonSchema | undefined => {
    const parameters = (operation?.parameters ?? []).filter((p) => p.in === where);
    if (parameters.length === 0) return undefined;
    return {
      type: 'object',
      properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
      required: parameters.filter((p) => p.required).map((p) => p.name),
      additionalProperties: false,
    };
  };
  let params = group('path');
  // A route the document leaves out (the browser workspace's pages, metrics) still has its URL's parameters.
  if (!params && route.url.includes('*')) params = { type: 'object', properties: { '*': { type: 'string', maxLength: 200 } }, required: ['*'], additionalProperties: false };
  return { route, params, query: group('query'), body: operation?.requestBody?.content?.['application/json']?.schema };
}

interface OpenApi {
  paths: Record<string, Record<string, {
    parameters?: { name: string; in: string; required?: boolean; schema: JsonSchema }[];
    requestBody?: { content?: Record<string, { schema: JsonSchema }> };
    responses?: Record<string, unknown>;
  }>>;
}

/** Who the route admits: people with a session, the exchange with its API token where the token's scope reaches. */
function callersOf(route: DeclaredRoute): Caller[] {
  if (route.access === 'public') return route.url.includes('/telephony/') ? ['pbx'] : ['anonymous'];
  const roles = route.access === 'authenticated' ? ROLES : route.access;
  return roles.filter((role) => role !== 'pbx' || route.tokenScope !== undefined);
}

function queryString(query: unknown): string {
  if (query === null || typeof query !== 'object') return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      const text = item === null ? '' : typeof item === 'object' ? JSON.stringify(item) : String(item);
      parts.push(`${encodeUrlValue(key)}=${encodeUrlValue(text)}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function urlOf(route: DeclaredRoute, params: unknown, query: unknown): string {
  const values = (params ?? {}) as Record<string, unknown>;
  const path = route.url
    .replace(/:(\w+)/g, (_m, name: string) => encodeUrlValue(values[name] === undefined ? '' : String(values[name])))
    .replace('*', () => String(values['*'] ?? '').split('/').map(encodeUrlValue).join('/'));
  return path + queryString(query);
}

/**
 * Rules across fields that a schema cannot state, applied to a valid body: an operator has a
 * number and a clerk a court, nobody else either; a supervisor marks an appeal resolved (the other
 * statuses have routes of their own).
 */
function fixUp(route: DeclaredRoute, body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const fields = { ...(body as Record<string, unknown>) };
  if (route.method === 'POST' && route.url === '/api/v1/users') {
    if (fields.role === 'operator') fields.operatorNumber ??= 900;
    else delete fields.operatorNumber;
    if (fields.role !== 'court_clerk') delete fields.judicialBodyId;
  }
  if (route.url.endsWith('/appeals/:id/status')) fields.status = 'resolved';
  return fields;
}

/** Valid, almost-valid and hostile requests for one route. */
function requestsFor(shape: RouteShape, hints: Hints): Record<Kind, fc.Arbitrary<FuzzRequest>> {
  const { route } = shape;
  const hasBody = !['GET', 'DELETE'].includes(route.method);
  const part = (schema: JsonSchema | undefined) => (schema ? validValue(schema, hints) : fc.constant(undefined));
  // Writes carry an Idempotency-Key now and then, as the operator's screen does.
  const key = hasBody ? fc.option(fc.uuid({ version: 4 }), { nil: undefined }) : fc.constant(undefined);
  const valid = fc.record({ as: fc.constantFrom(...callersOf(route)), params: part(shape.params), query: part(shape.query), body: part(shape.body), key })
    .map((v) => ({ ...v, body: fixUp(route, v.body) }));
  const request = (kind: Kind, v: { as: Caller; key: string | undefined }, params: unknown, query: unknown, payload: string | undefined, flaw: string): FuzzRequest =>
    ({ kind, as: v.as, method: route.method, url: urlOf(route, params, query), payload: hasBody ? payload : undefined, key: v.key, flaw });
  const bodyText = (body: unknown) => (body === undefined ? undefined : toJsonText(body));

  const parts = (['params', 'query', 'body'] as const).filter((name) => shape[name] && (name !== 'body' || hasBody));
  const almost = parts.length === 0 ? valid.map((v) => request('almost valid', v, v.params, { zzUnknown: '1' }, undefined, 'an unknown query field'))
    : valid.chain((v) => fc.constantFrom(...parts).chain((name) => almostValid(shape[name]!, hints).map((flawed) => {
      const next = { ...v, [name]: flawed ? flawed.value : v[name] };
      return request('almost valid', v, next.params, next.query, bodyText(next.body), `${name}: ${flawed?.flaw ?? 'none'}`);
    })));

  const hostileParts = [...parts.filter((name) => name !== 'body'), 'query' as const, ...(hasBody ? ['body' as const, 'key' as const, 'type' as const] : [])];
  const hostile = valid.chain((v) => fc.constantFrom(...new Set(hostileParts)).chain((name) => {
    if (name === 'body') {
      return hostileJson(shape.body ?? { type: 'object', properties: {}, additionalProperties: false }, hints)
        .map((h) => ({ ...request('hostile', v, v.params, v.query, h.text, `body: ${h.flaw}`), ...(h.text.includes('"__proto__"') ? { mustRefuse: 'a __proto__ key' } : {}) }));
    }
    if (name === 'type') {
      // The same fields as a form (the Zammad webhook takes forms) with a prototype key; or JSON called something else.
      const form = queryString(v.body ?? {}).slice(1);
      const FORM = 'application/x-www-form-urlencoded';
      return fc.constantFrom<[string, string, string?]>(
        [FORM, `${form}&__proto__=x`, 'a __proto__ field'], [FORM, `__proto__=a&__proto__=b&${form}&constructor[prototype][x]=1`, 'a __proto__ field'],
        ['text/plain', bodyText(v.body) ?? '{}'], ['application/json; charset=utf-16', bodyText(v.body) ?? '{}'], ['multipart/form-data; boundary=x', '--x--'],
      ).map(([contentType, text, mustRefuse]) => ({ ...request('hostile', v, v.params, v.query, text, `Content-Type ${contentType}`), contentType, ...(mustRefuse ? { mustRefuse } : {}) }));
    }
    if (name === 'key') {
      return fc.constantFrom('', ' ', 'ключ', 'x'.repeat(201), '"; DROP TABLE idempotency_keys; --')
        .map((bad) => request('hostile', { ...v, key: bad }, v.params, v.query, bodyText(v.body), `Idempotency-Key ← ${JSON.stringify(bad.slice(0, 40))}`));
    }
    const current = ((name === 'params' ? v.params : v.query) ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(shape[name]?.properties ?? {}), 'zzUnknown', ...(name === 'query' ? ['__proto__', 'constructor'] : [])])];
    return fc.tuple(fc.constantFrom(...keys), hostileText, fc.boolean()).map(([key, text, twice]) => {
      const changed = { ...current, [key]: twice && name === 'query' ? [text, text] : text };
      return name === 'params'
        ? request('hostile', v, changed, v.query, bodyText(v.body), `params.${key} ← ${JSON.stringify(text.slice(0, 40))}`)
        : { ...request('hostile', v, v.params, changed, bodyText(v.body), `query.${key} ← ${JSON.stringify(text.slice(0, 40))}${twice ? ' twice' : ''}`), ...(key === '__proto__' && shape.query ? { mustRefuse: 'a __proto__ query field' } : {}) };
    });
  }));
  return { valid: valid.map((v) => request('valid', v, v.params, v.query, bodyText(v.body), v.key ? 'none, with an Idempotency-Key' : 'none')), 'almost valid': almost, hostile };
}

for (const target of databaseTargets()) {
  describe(`every route fuzzed from its own schema on ${target.name}`, () => {
    let t: TestApp;
    let documented: OpenApi | undefined;
    const undocumented = new Map<string, string>();
    let sms: TestSmsGateway;
    let pools: Pools;
    let tables: string[];

    before(async () => {
      sms = await startTestSmsGateway();
      t = await startTestApp(target, { smsGatewayUrl: sms.url, smsGatewayToken: 'sms-token' });
      pools = await seed(t);
      tables = (await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(t.db)).rows.map((r) => r.table_name);
      assert.ok(tables.includes('audit_events') && tables.includes('appeals') && tables.length >= 20, `tables: ${tables.join(', ')}`);
    });
    after(async () => {
      await t?.close();
      await sms?.close();
    });

    /**
     * What every table holds, in one statement: its rows and its newest row version (xmin, the
     * transaction that wrote it). Any committed insert, update or delete changes one or the other.
     */
    async function snapshot(): Promise<Record<string, string>> {
      const columns = tables.map((table) => `(SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM "${table}") AS "${table}"`).join(', ');
      return (await sql<Record<string, string>>`SELECT ${sql.raw(columns)}`.execute(t.db)).rows[0]!;
    }

    /** A new browser session of a user, for a request that ends its own session (logout). */
    async function freshSession(userId: string): Promise<Record<string, string>> {
      const token = randomBytes(32).toString('base64url');
      const csrf = randomBytes(32).toString('base64url');
      await t.db.insertInto('sessions').values({ id: sha256(token), user_id: userId, csrf_token: csrf, ip: '127.0.0.1', expires_at: new Date('2099-01-01T00:00:00Z') }).execute();
      return { cookie: `${SESSION_COOKIE}=${token}`, 'x-csrf-token': csrf };
    }

    /** Who the request goes as; a logout gets a session of its own, made before anything is measured. */
    async function headersFor(request: FuzzRequest): Promise<Record<string, string>> {
      const headers: Record<string, string> = request.payload === undefined ? {} : { 'content-type': request.contentType ?? 'application/json' };
      if (request.key !== undefined) headers['idempotency-key'] = request.key;
      if (request.as === 'pbx') return { ...headers, authorization: `Bearer ${pools.pbxToken}` };
      if (request.as === 'anonymous') return headers;
      const session = request.url.startsWith('/api/v1/auth/logout') ? await freshSession(t.as[request.as].userId) : t.as[request.as].headers;
      return { ...headers, ...session };
    }

    function judge(route: DeclaredRoute, request: FuzzRequest, response: LightMyRequestResponse, before: Record<string, string>, after: Record<string, string>): void {
      const status = response.statusCode;
      const where = `${request.kind} ${request.method} ${request.url.slice(0, 200)} as ${request.as} (${request.flaw}), body ${request.payload?.slice(0, 300) ?? 'none'} → ${status} ${response.body.slice(0, 600)}`;
      const sent = `${request.url} ${decoded(request.url)} ${request.payload ?? ''}`.toLowerCase();
      // Every answer a route gives is one its API document lists; all that are not are named at the end.
      const operation = documented?.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      const answer = `${route.method} ${route.url} → ${status}`;
      if (operation && !operation.responses?.[String(status)] && !undocumented.has(answer)) undocumented.set(answer, response.body.slice(0, 200));
      const dialOff = route.url.endsWith('/dial') && status === 503 && response.json().type === 'urn:dovira:problem:dialling-off';
      assert.ok(status < 500 || dialOff, `a server error: ${where}`);
      if (request.mustRefuse) assert.ok(status >= 400, `accepted with ${request.mustRefuse}: ${where}`);
      if (status >= 400) {
        assert.match(String(response.headers['content-type']), PROBLEM, `a refusal is a problem document: ${where}`);
        const problem = response.json() as { detail?: unknown; errors?: { message: string }[] };
        assert.ok(typeof problem.detail === 'string' && CYRILLIC.test(problem.detail), `a Ukrainian detail: ${where}`);
        for (const error of problem.errors ?? []) assert.match(error.message, CYRILLIC, `a Ukrainian message for each field: ${where}`);
        for (const pattern of SQL_TEXT) {
          const leaked = pattern.exec(response.body)?.[0];
          assert.ok(!leaked || sent.includes(leaked.toLowerCase()), `SQL text «${leaked}» in a refusal: ${where}`);
        }
      }
      const trace = STACK.exec(response.body)?.[0];
      assert.ok(!trace || sent.includes(trace.toLowerCase()), `a stack trace in the answer: ${where}`);
      if ((request.url + (request.payload ?? '')).includes(HUGE)) assert.ok(!response.body.includes(HUGE), `a 100 KB input echoed: ${where}`);

      const changed = tables.filter((table) => before[table] !== after[table]);
      const audited = rows(after.audit_events) - rows(before.audit_events);
      if (status >= 400) {
        // A failed login is the one refusal written down: it counts towards the back-off, and a real
        // account's failure is in its audit trail.
        const failedLogin = route.url.endsWith('/auth/login') && [401, 429].includes(status);
        const allowed = failedLogin ? ['audit_events', 'login_throttle'] : [];
        assert.deepEqual(changed.filter((table) => !allowed.includes(table)), [], `a refused request wrote to ${changed.join(', ')}: ${where}`);
        assert.ok(audited <= (failedLogin ? 1 : 0), where);
      } else if (request.method === 'GET') {
        assert.deepEqual(changed, [], `a read wrote to ${changed.join(', ')}: ${where}`);
      } else if (changed.length > 0) {
        assert.ok(audited > 0, `an accepted write to ${changed.join(', ')} is audited: ${where}`);
      }
    }

    test('every declared route: valid, almost valid and hostile requests', async (context) => {
      context.diagnostic(`FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);
      const spec = t.app.swagger() as unknown as OpenApi;
      documented = spec;
      const webBuilt = existsSync(path.join(WEB_DIST, 'index.html'));
      const routes = t.app.declaredRoutes.filter((route) => route.url.startsWith('/api/') || route.url === '/metrics' || webBuilt);
      assert.ok(routes.length >= 60, `routes: ${routes.length}`);
      const reached = new Map<string, number[]>();
      for (const route of routes) {
        await context.test(`${route.method} ${route.url}`, async () => {
          const shape = shapeOf(route, spec);
          const arbitraries = requestsFor(shape, hintsFor(route, pools, t.clock.now()));
          for (const kind of ['valid', 'almost valid', 'hostile'] as const) {
            await fc.assert(fc.asyncProperty(arbitraries[kind], async (request) => {
              const headers = await headersFor(request);
              const before = await snapshot();
              const response = await t.app.inject({ method: request.method as 'GET', url: request.url, headers, ...(request.payload === undefined ? {} : { payload: request.payload }) });
              judge(route, request, response, before, await snapshot());
              if (kind === 'valid') reached.set(`${route.method} ${route.url}`, [...reached.get(`${route.method} ${route.url}`) ?? [], response.statusCode]);
            }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
          }
        });
      }
      for (const [route, statuses] of reached) context.diagnostic(`${route}: ${statuses.join(' ')}`);
      assert.deepEqual([...undocumented].map(([answer, body]) => `${answer} ${body}`), [], 'answers the API document does not list');
      // Valid requests do reach the handlers' work: nearly every route accepted some. Not expected
      // here: metrics without their token, dialling without a dialler, the WebSocket, asset names.
      const unreachable = /^GET \/metrics$|\/dial$|^GET \/api\/v1\/live$|^GET \/assets\//;
      const expected = [...reached].filter(([route]) => !unreachable.test(route));
      const accepted = expected.filter(([, statuses]) => statuses.some((status) => status < 300));
      assert.ok(accepted.length >= expected.length * 0.9, `valid requests accepted on only ${accepted.length} of ${expected.length} routes; never on ${expected.filter(([, s]) => !s.some((status) => status < 300)).map(([r]) => r).join(', ')}`);
      if (!webBuilt) context.diagnostic('the browser workspace is not built (node scripts/build-web.ts): its pages were left out');
    });
  });
}

function decoded(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

const rows = (state: string | undefined) => Number(state?.split(':')[0] ?? 0);

/** Rows for the fuzzed ids to name: calls, appeals (some forwarded to the clerk's court), callbacks, bodies, people, articles. */
async function seed(t: TestApp): Promise<Pools> {
  const ok = (response: LightMyRequestResponse, what: string) => {
    assert.ok(response.statusCode < 300, `${what}: ${response.statusCode} ${response.body}`);
    return response.json() as Record<string, unknown> & { id: string };
  };
  const { operator, supervisor, admin, court_clerk: clerk, pbx } = t.as;
  const exchange = await connectExchange(t, 'fz-seed-');
  const missed = plusSeconds(t.clock.now(), -600);
  await exchange.post('fz-seed-call', 'offered', missed, { from: '0501112233', to: '1017', direction: 'inbound' });
  await exchange.post('fz-seed-call', 'hangup', plusSeconds(missed, 20), { cause: 'normal_clearing', by: 'caller' });
  const pbxCall = await exchange.answeredCall('fz-seed-answered', plusSeconds(t.clock.now(), -300));

  const calls = [pbxCall];
  for (const callerPhone of ['0501234567', '0671234567', '0441234567']) calls.push(ok(await operator.post('/api/v1/calls', { callerPhone }), 'a call').id);
  const appeals: string[] = [];
  for (const [n, callId] of [calls[1], calls[2], undefined, undefined, undefined, undefined, undefined, undefined, undefined].entries()) {
    appeals.push(ok(await operator.post('/api/v1/appeals', { ...validAppeal, essence: `${validAppeal.essence} (${n})`, ...(callId ? { callId } : {}) }), 'an appeal').id);
  }
  const courts = (await admin.get('/api/v1/judicial-bodies?status=all')).json().items as { id: string; code: string }[];
  const testCourt = courts.find((c) => c.code === 'test-court')!.id;
  const otherCourt = ok(await admin.post('/api/v1/judicial-bodies', {
    code: 'fz-court', name: 'Житомирський апеляційний суд', kind: 'appellate_general', region: 'zhytomyr', email: 'court@example.com', phones: ['0412123456'],
  }), 'a court').id;
  const forwarded = appeals.splice(0, 3);
  const toForward = appeals.splice(0, 3);
  for (const id of forwarded) ok(await supervisor.post(`/api/v1/appeals/${id}/forward`, { judicialBodyId: testCourt, reason: 'Питання належить до компетенції суду' }), 'forwarding');
  ok(await clerk.post(`/api/v1/clerk/inbox/${forwarded[0]}/acknowledge`, {}), 'acknowledging');

  const persons = [];
  for (const fullName of ['Ігор Васильович Бондар', 'Світлана Іванівна Ткач']) {
    persons.push(ok(await admin.post(`/api/v1/judicial-bodies/${testCourt}/authorised-persons`, { fullName, position: 'Керівник апарату', phone: '0441234567' }), 'a person').id);
  }
  const articles = [];
  const slugs = [];
  for (const title of ['Як подати апеляційну скаргу', 'Строки розгляду звернень']) {
    const article = ok(await supervisor.post('/api/v1/knowledge/articles', { title, bodyMarkdown: `## ${title}\n\nПорядок і строки.`, tags: ['суд'] }), 'an article');
    articles.push(article.id);
    slugs.push(article.slug as string);
  }

  const due = plusSeconds(t.clock.now(), 3600).toISOString();
  const schedule = async (body: Record<string, unknown>) => ok(await supervisor.post('/api/v1/callbacks', { dueAt: due, ...body }), 'a callback').id;
  const queued = [
    await schedule({ phone: '0501234567', reason: 'Повідомити дату засідання' }),
    await schedule({ phone: '0441234567', reason: 'Передзвонити щодо скарги', appealId: appeals[0] }),
  ];
  const claimedOnes = async (reasons: string[]) => {
    const ids = [];
    for (const reason of reasons) {
      const id = await schedule({ phone: '0671234567', reason, assignedOperatorId: operator.userId, callId: calls[1] });
      ok(await operator.post(`/api/v1/callbacks/${id}/claim`, {}), 'a claim');
      ids.push(id);
    }
    return ids;
  };
  const claimed = await claimedOnes(['Уточнити номер справи', 'Повідомити про направлення', 'Пояснити порядок оскарження']);
  const toRelease = await claimedOnes(['Передзвонити пізніше', 'Зателефонувати ввечері']);
  for (const extension of ['1018', '1099']) ok(await admin.request('PUT', `/api/v1/telephony/extensions/${extension}`, { operatorId: operator.userId }), 'an extension');

  const spareUsers = [];
  for (const [n, role] of (['operator', 'operator', 'court_clerk', 'supervisor'] as const).entries()) {
    spareUsers.push(ok(await admin.post('/api/v1/users', {
      login: `spare${n}`, fullName: 'Тарас Григорович Шевченко', role, password: TEST_PASSWORD,
      ...(role === 'operator' ? { operatorNumber: 800 + n } : {}), ...(role === 'court_clerk' ? { judicialBodyId: otherCourt } : {}),
    }), 'a spare user').id);
  }
  ok(await admin.post('/api/v1/users', { login: 'fuzzer', fullName: 'Оксана Петрівна Лисенко', role: 'supervisor', password: FUZZER_PASSWORD }), 'the fuzzer');
  const spareTokens = [];
  for (const name of ['АТС резервна 1', 'АТС резервна 2', 'АТС резервна 3']) spareTokens.push(ok(await admin.post(`/api/v1/users/${pbx.userId}/api-tokens`, { name }), 'a spare token').id);

  return {
    calls, appeals, toForward, forwarded, queued, claimed, toRelease, bodies: [testCourt, otherCourt], persons, articles, slugs, spareUsers,
    operators: [operator.userId, spareUsers[0]!, spareUsers[1]!], users: [operator.userId, supervisor.userId, admin.userId, clerk.userId, pbx.userId],
    spareTokens, phones: ['0501234567', '+380501234567', '0501112233'], pbxUser: pbx.userId, pbxToken: exchange.token,
  };
}
