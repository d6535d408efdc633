// Every answer carries the security headers: a page, an API answer, a refusal of any kind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { securityHeaders } from './security-headers.ts';

function assertHardened(response: LightMyRequestResponse, what: string): void {
  const csp = String(response.headers['content-security-policy'] ?? '');
  assert.match(csp, /(^|;)script-src 'self'(;|$)/, `${what}: scripts from Dovira only, never inline`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: never framed`);
  assert.match(csp, /object-src 'none'/, what);
  assert.equal(response.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(response.headers['x-frame-options'], 'DENY', what);
  assert.equal(response.headers['referrer-policy'], 'no-referrer', what);
  assert.equal(response.headers['cross-origin-opener-policy'], 'same-origin', what);
}

describe('security headers', () => {
  test('over https browsers are also told to keep to HTTPS and to upgrade; on plain http neither', () => {
    const tls = securityHeaders('https://dovira.court.example');
    assert.equal(tls['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.match(tls['content-security-policy']!, /upgrade-insecure-requests/);
    const plain = securityHeaders('http://127.0.0.1:3000');
    assert.equal(plain['strict-transport-security'], undefined);
    assert.doesNotMatch(plain['content-security-policy']!, /upgrade-insecure-requests/);
    assert.doesNotMatch(plain['content-security-policy']!, /unsafe-eval|'unsafe-inline'[^;]*script|script-src[^;]*unsafe/);
  });

  for (const target of databaseTargets()) {
    describe(`on every kind of answer, on ${target.name}`, () => {
      let t: TestApp;
      before(async () => { t = await startTestApp(target); });
      after(async () => { await t?.close(); });

      test('a page, an API answer, a 400, a 401, a 403, a 404 and a 413 all carry them', async () => {
        assertHardened(await t.anonymous.get('/api/v1/health'), 'health');
        assertHardened(await t.anonymous.get('/login'), 'a page of the workspace');
        assertHardened(await t.anonymous.get('/api/v1/calls'), '401');
        assertHardened(await t.as.court_clerk.get('/api/v1/users'), '403');
        assertHardened(await t.as.operator.get('/api/v1/calls?limit=0'), '400');
        assertHardened(await t.anonymous.get('/api/v1/nowhere'), '404');
        assertHardened(await t.as.operator.request('POST', '/api/v1/calls', JSON.stringify({ callerPhone: 'x'.repeat(70_000) }), { 'content-type': 'application/json' }), '413');
      });
    });
  }
});
