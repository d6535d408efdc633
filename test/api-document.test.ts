// The API document (/api/docs/json) is a contract others build on: Redocly's recommended lint passes
// on what the app generates, and each operation says who may call it exactly as its route's access
// declaration, which the access hook enforces, says.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { OpenedDatabase } from '../src/db/database.ts';
import { ROLES } from '../src/http/access.ts';
import { databaseTargets } from './databases.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const REDOCLY = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
// Offline: no usage data sent, no check for a newer version (see the CLI's README).
const REDOCLY_ENV = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' };
const SAFE = new Set(['get', 'head', 'options']);
// The live channel is a WebSocket, which OpenAPI does not describe (@fastify/websocket hides it).
const UNDOCUMENTED = new Set(['GET /api/v1/live']);

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  'x-roles'?: string[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer: string }[];
}

function lint(file: string): Promise<LintProblem[]> {
  const args = [REDOCLY, 'lint', file, '--config', path.join(ROOT, 'redocly.yaml'), '--format=json', '--max-problems=1000'];
  return new Promise((resolve, reject) => {
    // The CLI exits with 1 when it finds an error: its report is on stdout all the same.
    execFile(process.execPath, args, { cwd: ROOT, env: REDOCLY_ENV, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      try {
        resolve((JSON.parse(stdout) as { problems: LintProblem[] }).problems);
      } catch {
        reject(new Error(`redocly lint gave no report: ${error?.message ?? ''}\n${stderr}`));
      }
    });
  });
}

// The document depends on the routes alone, not on the database: one database builds it.
const [target] = databaseTargets();

describe('the API document', () => {
  let opened: OpenedDatabase;
  let app: FastifyInstance;
  let document: Document;
  before(async () => {
    opened = await target!.open();
    app = await buildApp({ db: opened.db, config: loadConfig({}) });
    await app.ready();
    document = app.swagger() as unknown as Document;
  });
  after(async () => {
    await app?.close();
    await opened?.close();
  });

  const operations = () => Object.entries(document.paths).flatMap(([url, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, url, operation, route: `${method.toUpperCase()} ${url.replace(/\{(\w+)\}/g, ':$1')}` })));

  test('passes Redocly\'s recommended lint with no error and no warning', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'dovira-api-document-'));
    try {
      const file = path.join(directory, 'openapi.json');
      await writeFile(file, JSON.stringify(document));
      const problems = await lint(file);
      const listed = problems.map((problem) => `${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`);
      assert.deepEqual(listed, []);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  test('documents every route, each with its own readable operationId', () => {
    const documented = new Set(operations().map(({ route }) => route));
    const missing = app.declaredRoutes
      .map((route) => `${route.method} ${route.url}`)
      .filter((route) => route.startsWith('GET /api/') || /^(POST|PUT|PATCH|DELETE) \/api\//.test(route))
      .filter((route) => !documented.has(route) && !UNDOCUMENTED.has(route));
    assert.deepEqual(missing, []);
    const ids = operations().map(({ operation }) => operation.operationId);
    for (const id of ids) assert.match(id ?? '', /^[a-z][A-Za-z]+$/, `operationId ${id}`);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  });

  test('each operation asks for the credentials its access declaration demands, and names the roles', () => {
    const declared = new Map(app.declaredRoutes.map((route) => [`${route.method} ${route.url}`, route]));
    for (const { method, route: key, operation } of operations()) {
      const route = declared.get(key);
      assert.ok(route, `${key} is declared`);
      const security = operation.security;
      assert.ok(security, `${key} states its security`);
      if (route.access === 'public') {
        // A public route grants every caller the same; one that checks a credential itself may say which.
        assert.ok(security.every((requirement) => Object.keys(requirement).join() === 'apiToken'), `${key}: ${JSON.stringify(security)}`);
        assert.equal(operation['x-roles'], undefined, key);
        continue;
      }
      const session = SAFE.has(method) ? { session: [] } : { session: [], csrf: [] };
      const token = route.tokenScope === undefined ? [] : [{ apiToken: [route.tokenScope] }];
      assert.deepEqual(security, [...token, session], key);
      assert.deepEqual(operation['x-roles'], route.access === 'authenticated' ? [...ROLES] : [...route.access], key);
      for (const status of ['401', '403']) assert.ok(operation.responses[status], `${key} answers ${status}`);
    }
  });

  test('every refusal is a problem document', () => {
    for (const { route, operation } of operations()) {
      const refusals = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      assert.ok(refusals.length > 0, `${route} names its refusals`);
      for (const [status, response] of refusals) {
        assert.deepEqual(Object.keys(response.content ?? {}), ['application/problem+json'], `${route} ${status}`);
        assert.equal(response.content!['application/problem+json']!.schema?.$ref, '#/components/schemas/Problem', `${route} ${status}`);
      }
    }
  });
});
