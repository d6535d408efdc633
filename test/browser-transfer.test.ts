// (page.evaluate callbacks run in the browser: hence the DOM types)
/// <reference lib="dom" />
// A caller transferred between operators on an exchange that makes a new call for the next leg
// (kamailio): the events come through the event API with one linkedId on both legs. Each operator
// sees their own call; the next one sees where the caller came from, and opens the earlier call
// only if it is their own; the supervisor follows the chain both ways.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations, browserUnavailable, describeViolations, screenshot, startBrowserRun, type BrowserRun } from './browser.ts';
import { loginOverHttp, requestAs, type HttpSession } from './server-process.ts';

const unavailable = browserUnavailable();

async function assertAccessible(page: Page): Promise<void> {
  await page.mouse.move(0, 300);
  assert.equal(describeViolations(await accessibilityViolations(page)), '');
}

describe('browser: the legs of a transfer on the exchange (linkedId)', { skip: unavailable, timeout: 180_000 }, () => {
  let run: BrowserRun;
  let admin: HttpSession;
  let token: string;
  let seq = 0;

  const api = <T>(session: HttpSession, method: string, path: string, body?: unknown) => requestAs<T>(run.url, session, method, path, body);

  /** The exchange reports one leg: offered, answered and, when `transferTo`, the transfer and the operator hanging up. */
  async function leg(callId: string, linkedId: string, from: string, extension: string, startedAt: number, transferTo?: string): Promise<string> {
    const at = (second: number) => new Date(startedAt + second * 1000).toISOString();
    const ev = (type: string, second: number, fields: Record<string, unknown>) => ({ eventId: `${callId}-${++seq}`, callId, linkedId, type, timestamp: at(second), ...fields });
    const events = [ev('offered', 0, { from, to: extension, direction: 'inbound' }), ev('answered', 2, { extension })];
    if (transferTo) events.push(ev('transfer', 20, { to: transferTo, kind: 'blind' }), ev('hangup', 21, { cause: 'normal_clearing', by: 'operator' }));
    const response = await fetch(`${run.url}/api/v1/telephony/events`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }),
    });
    const body = await response.json() as { results: { outcome: string; callId: string }[] };
    assert.deepEqual(body.results.map((r) => r.outcome), events.map(() => 'applied'), JSON.stringify(body));
    return body.results[0]!.callId;
  }

  before(async () => {
    run = await startBrowserRun();
    admin = await loginOverHttp(run.url, 'admin', 'admin-demo-pass');
    const operator = await loginOverHttp(run.url, 'operator', 'operator-demo-17');
    const operatorA = (await api<{ user: { id: string } }>(operator, 'GET', '/auth/me')).user.id;
    const pbx = await api<{ id: string }>(admin, 'POST', '/users', { login: 'exchange', fullName: 'Телефонна станція', role: 'pbx', password: 'exchange-password-1' });
    token = (await api<{ token: string }>(admin, 'POST', `/users/${pbx.id}/api-tokens`, { name: 'АТС' })).token;
    const operatorB = await api<{ id: string }>(admin, 'POST', '/users', {
      login: 'operator-b', fullName: 'Богдан Іванович Ткаченко', role: 'operator', password: 'operator-b-password', operatorNumber: 42,
    });
    // Operator № 17 answers at 1017 and at a second line, 1019; operator № 42 at 1018.
    for (const [extension, operatorId] of [['1017', operatorA], ['1019', operatorA], ['1018', operatorB.id]] as const) {
      await api(admin, 'PUT', `/telephony/extensions/${extension}`, { operatorId });
    }
  });
  after(async () => {
    await run?.close();
  });

  test('H4: operator № 42 sees where the caller came from, without opening № 17’s call; № 17 opens their own earlier call; the supervisor follows the chain', async () => {
    const now = Date.now() - 60_000;
    // № 17 → № 42: the new leg comes from № 17's extension, the citizen's number is carried over.
    const first = await leg('x1', 'L-x', '0501234567', '1017', now, '1018');
    const second = await leg('x2', 'L-x', '1017', '1018', now + 22_000);
    // № 17 → № 17's second line.
    const own = await leg('y1', 'L-y', '0671112233', '1017', now + 1000, '1019');
    const ownNext = await leg('y2', 'L-y', '0671112233', '1019', now + 23_000);

    const pageB = await run.open(null, {
      beforeLoad: async (page) => {
        const response = await page.context().request.post('/api/v1/auth/login', { data: { login: 'operator-b', password: 'operator-b-password' } });
        assert.equal(response.status(), 200);
      },
    });
    await pageB.goto(`/operator/calls/${second}`);
    const fromA = pageB.getByTestId('transferred-from');
    await fromA.waitFor();
    assert.match(await fromA.innerText(), /^Переключено від оператора № 17 о \d\d:\d\d:\d\d$/);
    assert.equal(await fromA.evaluate((element) => element.tagName), 'P', 'a line, not a link: № 42 cannot open № 17’s call');
    await pageB.getByText('050 123 4567').first().waitFor();
    await assertAccessible(pageB);
    await screenshot(pageB, 'operator-transferred-call');

    const pageA = await run.open('operator');
    await pageA.goto(`/operator/calls/${ownNext}`);
    const back = pageA.getByRole('link', { name: /^Переключено від оператора № 17 о / });
    await back.click();
    await pageA.waitForURL(`**/operator/calls/${own}`);
    await pageA.locator(`[data-call-id="${own}"][data-call-status="ended"]`).waitFor();

    const supervisor = await run.open('supervisor');
    await supervisor.goto(`/supervisor/calls/${first}`);
    const onward = supervisor.getByRole('group', { name: 'Переключення між операторами' }).getByRole('link', { name: /^Переключено до оператора № 42 о .*: його дзвінок$/ });
    await onward.waitFor();
    await assertAccessible(supervisor);
    await onward.click();
    await supervisor.waitForURL(`**/supervisor/calls/${second}`);
    const earlier = supervisor.getByRole('link', { name: /^Переключено від оператора № 17 о .*: його дзвінок$/ });
    await earlier.waitFor();
    await supervisor.getByRole('heading', { name: 'Дзвінок: 050 123 4567' }).waitFor();
    await screenshot(supervisor, 'supervisor-transferred-call');
    await earlier.click();
    await supervisor.waitForURL(`**/supervisor/calls/${first}`);

    assert.deepEqual(run.pageErrors, []);
  });
});
