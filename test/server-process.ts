// Runs Dovira as a person does (`node src/main.ts`), for tests of the whole process.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { exitOf } from './deadline.ts';

export interface Started {
  child: ChildProcess;
  url: string;
  output: string;
}

export async function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['src/main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: '', DATABASE_URL: '', DOVIRA_MODE: 'demo', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const match = /Dovira працює: (http:\/\/\S+)/.exec(output);
    if (match && output.includes('Зупинити')) return { child, url: match[1]!, output };
    if (child.exitCode !== null) throw new Error(`the server exited: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start in 60 s: ${output}`);
}

/** Stops the server as a service manager does (SIGTERM); one still running after 30 s is killed and the stop fails. */
export async function stopServer(started: Started): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  const exited = exitOf(started.child, 30_000, `the server at ${started.url}, sent SIGTERM,`);
  started.child.kill('SIGTERM');
  await exited;
}

/** A new empty database on the test server; returns its URL and a function that drops it. */
export async function freshPostgresDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export interface HttpSession {
  cookie: string;
  csrfToken: string;
}

/** The API as a logged-in person's browser uses it; throws, failing the test, on a refusal. */
export async function requestAs<T>(baseUrl: string, session: HttpSession, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Logs in over real HTTP and returns what a browser would send back: the cookie and the CSRF token. */
export async function loginOverHttp(baseUrl: string, login: string, password: string): Promise<HttpSession> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (response.status !== 200) throw new Error(`login ${login}: HTTP ${response.status}`);
  return {
    cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '),
    csrfToken: ((await response.json()) as { csrfToken: string }).csrfToken,
  };
}
