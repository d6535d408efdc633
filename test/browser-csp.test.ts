// Every screen of every role, the login screen and the API documentation, loaded in Chromium under
// the Content-Security-Policy Dovira sends: not one breach of it. And the policy bites: an injected
// inline script is refused and reported.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserUnavailable, startBrowserRun, type BrowserRun, type DemoLogin } from './browser.ts';
import { validAppeal } from './fixtures.ts';

const unavailable = browserUnavailable();

async function apiInPage<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await page.evaluate(async ({ method, path, body }) => {
    const csrf = document.cookie.split(';').map((part) => part.trim().split('=')).find(([key]) => key === 'dovira_csrf')?.[1];
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }, { method, path, body });
  if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as T;
}

const violationsOf = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);

describe('browser: every screen under the Content-Security-Policy', { skip: unavailable }, () => {
  let run: BrowserRun;
  const ids = { call: '', appeal: '', user: '' };
  before(async () => {
    run = await startBrowserRun();
    // Something on every screen: a call with an appeal, forwarded to the demo clerk's court.
    const operator = await run.open('operator');
    await operator.waitForURL('**/operator');
    ids.call = (await apiInPage<{ id: string }>(operator, 'POST', '/calls', { callerPhone: '0671234567' })).id;
    ids.appeal = (await apiInPage<{ id: string }>(operator, 'POST', '/appeals', { ...validAppeal, callId: ids.call })).id;
    const court = (await apiInPage<{ items: { id: string; code: string }[] }>(operator, 'GET', `/judicial-bodies?q=${encodeURIComponent('демонстраційний районний')}`)).items.find((body) => body.code === 'demo-district-court');
    assert.ok(court, 'the demo court is in the directory');
    await apiInPage(operator, 'POST', `/appeals/${ids.appeal}/forward`, { judicialBodyId: court.id, reason: 'За місцем розгляду справи' });
    const admin = await run.open('admin');
    await admin.waitForURL('**/admin/users');
    ids.user = (await apiInPage<{ items: { id: string; login: string }[] }>(admin, 'GET', '/users')).items.find((user) => user.login === 'operator')!.id;
  });
  after(async () => {
    await run?.close();
  });

  test('the policy is sent with the page and forbids inline script; an injected one is refused and reported', async () => {
    // A context of its own: the breach provoked here is not one of the screens' own errors.
    const context = await run.browser.newContext({ baseURL: run.url });
    const page = await context.newPage();
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        ((window as unknown as { cspViolations?: string[] }).cspViolations ??= []).push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    const response = await page.goto('/login');
    const policy = response?.headers()['content-security-policy'] ?? '';
    assert.match(policy, /script-src 'self'(;|$)/);
    assert.match(policy, /frame-ancestors 'none'/);
    await page.getByRole('heading', { name: 'Вхід до Dovira' }).waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true';
      document.body.append(script);
    });
    await page.waitForFunction(() => ((window as unknown as { cspViolations?: string[] }).cspViolations ?? []).length > 0);
    assert.equal(await page.evaluate(() => 'injectedRan' in window), false, 'the inline script did not run');
    assert.match((await violationsOf(page)).join('\n'), /^script-src(-elem)? inline$/m);
    await context.close();
  });

  const screens: [DemoLogin | null, () => string, RegExp][] = [
    [null, () => '/login', /Вхід до Dovira/],
    ['operator', () => '/operator', /Оператор № 17/],
    ['operator', () => `/operator/calls/${ids.call}`, /Оператор № 17/],
    ['operator', () => '/operator/callbacks', /Зворотн/],
    ['supervisor', () => '/supervisor', /Пульт керівника/],
    ['supervisor', () => '/supervisor/appeals', /ЄКЦ-/],
    ['supervisor', () => `/supervisor/appeals/${ids.appeal}`, /ЄКЦ-/],
    ['supervisor', () => '/supervisor/calls', /Дзвінки/],
    ['supervisor', () => `/supervisor/calls/${ids.call}`, /Дзвінок/],
    ['supervisor', () => '/supervisor/ratings', /Оцінки/],
    ['clerk', () => '/clerk', /ЄКЦ-/],
    ['clerk', () => `/clerk/appeals/${ids.appeal}`, /ЄКЦ-/],
    ['admin', () => '/admin/users', /Користувачі/],
    ['admin', () => '/admin/users/new', /Новий користувач/],
    ['admin', () => `/admin/users/${ids.user}`, /Коваленко/],
    ['admin', () => '/admin/settings', /Налаштування/],
    ['admin', () => '/admin/extensions', /Внутрішні номери/],
    ['admin', () => '/admin/audit', /Журнал/],
  ];

  test('no screen of any role breaches the policy', async () => {
    const pages = new Map<string, Page>();
    for (const [login, path, shows] of screens) {
      const key = login ?? 'anonymous';
      let page = pages.get(key);
      if (!page) pages.set(key, page = await run.open(login));
      await page.goto(path());
      await page.getByText(shows).first().waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      assert.deepEqual(await violationsOf(page), [], `${path()} as ${key}`);
    }
  });

  test('the API documentation (Swagger UI) works under the same policy', async () => {
    const page = await run.open(null);
    await page.goto('/api/docs');
    await page.getByText('Dovira API').first().waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await violationsOf(page), []);
  });

  test('a court clerk following the link in the court’s e-mail logs in and lands on that appeal', async () => {
    const page = await run.open(null);
    await page.goto(`/clerk/appeals/${ids.appeal}`);
    await page.getByLabel('Логін').fill('clerk');
    await page.getByLabel('Пароль').fill('clerk-demo-pass');
    await page.getByRole('button', { name: 'Увійти' }).click();
    await page.waitForURL(`**/clerk/appeals/${ids.appeal}`);
    await page.getByText('Шевчук').first().waitFor();
  });

  test('no page wrote an error to its console', () => {
    assert.deepEqual(run.pageErrors, []);
  });
});
