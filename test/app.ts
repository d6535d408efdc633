// Starts the whole HTTP application on a test database and gives tests logged-in clients.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildOptions } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Db } from '../src/db/database.ts';
import type { Role } from '../src/db/schema.ts';
import { createUser } from '../src/users/create.ts';
import type { DatabaseTarget } from './databases.ts';
import type { EventIngestQueue } from '../src/telephony/ingest.ts';
import { baresipDialler } from '../src/telephony/adapters/baresip/dialler.ts';

export const TEST_PASSWORD = 'test-password-123';

export interface TestClock {
  now(): Date;
  set(instant: Date | string): void;
  advance(seconds: number): void;
}

export function testClock(start = '2026-11-25T10:00:00Z'): TestClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (instant) => { current = new Date(instant).getTime(); },
    advance: (seconds) => { current += seconds * 1000; },
  };
}

export interface Client {
  userId: string;
  role: Role;
  /** The session cookie and CSRF token this client sends (empty for the anonymous one). */
  headers: Record<string, string>;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  clock: TestClock;
  config: Config;
  /** One logged-in user of each role, created on start. */
  as: Record<Role, Client>;
  anonymous: Client;
  login(login: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

export async function startTestApp(target: DatabaseTarget, overrides: Partial<Config> = {}, build: Pick<BuildOptions, 'callControl'> & { eventQueue?: (db: Db) => EventIngestQueue } = {}): Promise<TestApp> {
  const opened = await target.open();
  // Sessions outlive the tests' time travel (years ahead for numbering by year).
  const config = { ...loadConfig({}), sessionHours: 24 * 365 * 20, ...overrides };
  const clock = testClock();
  // As `npm start` does: the callback dialler when the overrides name its baresips.
  const callbackDialler = baresipDialler(opened.db, config);
  const app = await buildApp({ db: opened.db, config, now: clock.now, callControl: build.callControl, callbackDialler, ...(build.eventQueue ? { eventQueue: build.eventQueue(opened.db) } : {}) });
  await app.ready();
  const body = await opened.db.insertInto('judicial_bodies').values({ code: 'test-court', name: 'Тестовий суд', is_demo: true }).returning('id').executeTakeFirstOrThrow();
  const people: Record<Role, { login: string; fullName: string; operatorNumber?: number; judicialBodyId?: string }> = {
    operator: { login: 'operator', fullName: 'Олена Петрівна Коваленко', operatorNumber: 17 },
    supervisor: { login: 'supervisor', fullName: 'Ігор Миколайович Шевченко' },
    admin: { login: 'admin', fullName: 'Марія Іванівна Бойко' },
    court_clerk: { login: 'clerk', fullName: 'Андрій Олегович Мельник', judicialBodyId: body.id },
    pbx: { login: 'pbx', fullName: 'Телефонна станція (тест)' },
  };
  for (const [role, person] of Object.entries(people) as [Role, (typeof people)[Role]][]) {
    await createUser(opened.db, { userId: null, ip: null }, { ...person, role, password: TEST_PASSWORD });
  }

  async function login(loginName: string, password = TEST_PASSWORD): Promise<Client> {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: loginName, password } });
    if (response.statusCode !== 200) throw new Error(`login ${loginName} failed: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies.find((c) => c.name === 'dovira_session')!.value;
    const { user, csrfToken } = response.json() as { user: { id: string; role: Role }; csrfToken: string };
    return client({ cookie: `dovira_session=${cookie}`, 'x-csrf-token': csrfToken }, user.id, user.role);
  }

  function client(auth: Record<string, string>, userId: string, role: Role): Client {
    const request = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      app.inject({ method: method as 'GET', url, headers: { ...auth, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return {
      userId,
      role,
      headers: auth,
      request,
      get: (url) => request('GET', url),
      post: (url, payload, headers) => request('POST', url, payload ?? {}, headers),
      patch: (url, payload) => request('PATCH', url, payload ?? {}),
    };
  }

  const as = {} as Record<Role, Client>;
  for (const [role, person] of Object.entries(people) as [Role, (typeof people)[Role]][]) as[role] = await login(person.login);
  return {
    app,
    db: opened.db,
    clock,
    config,
    as,
    anonymous: client({}, '', 'operator'),
    login,
    close: async () => {
      await app.close();
      await callbackDialler?.close();
      await opened.close();
    },
  };
}
