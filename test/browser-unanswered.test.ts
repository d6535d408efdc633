// H3 in the browser at 1366×768: the supervisor sets the rule that calls back those nobody answered,
// reads the unanswered calls (how long each waited, where each stands), schedules a callback by hand,
// sees the day's figures on the console; the operator sees the callback came from a missed call.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations, browserUnavailable, describeViolations, screenshot, startBrowserRun, type BrowserRun } from './browser.ts';
import { databaseTargets } from './databases.ts';
import { loginOverHttp, requestAs, type HttpSession } from './server-process.ts';

const unavailable = browserUnavailable();

for (const target of databaseTargets()) {
  describe(`browser: H3 unanswered calls and the missed-call rule, on ${target.name}`, { skip: unavailable }, () => {
    let run: BrowserRun;
    let admin: HttpSession;
    let supervisor: HttpSession;
    let token: string;
    let supervisorPage: Page;
    let seq = 0;

    before(async () => {
      run = await startBrowserRun({}, target);
      admin = await loginOverHttp(run.url, 'admin', 'admin-demo-pass');
      supervisor = await loginOverHttp(run.url, 'supervisor', 'supervisor-demo');
      const operator = await loginOverHttp(run.url, 'operator', 'operator-demo-17');
      const operatorId = (await api<{ user: { id: string } }>(operator, 'GET', '/auth/me')).user.id;
      await api(admin, 'PUT', '/telephony/extensions/1017', { operatorId });
      const pbx = await api<{ id: string }>(admin, 'POST', '/users', { login: 'pbx-unanswered', fullName: 'Телефонна станція', role: 'pbx', password: 'pbx-unanswered-password-1' });
      token = (await api<{ token: string }>(admin, 'POST', `/users/${pbx.id}/api-tokens`, { name: 'browser test' })).token;
    });
    after(async () => {
      await run?.close();
    });

    const api = <T>(session: HttpSession, method: string, path: string, body?: unknown) => requestAs<T>(run.url, session, method, path, body);

    /** One event of the exchange's call, `secondsAgo` in the past; it must be applied. */
    async function fromExchange(pbxCallId: string, type: string, secondsAgo: number, fields: Record<string, unknown> = {}) {
      const response = await fetch(`${run.url}/api/v1/telephony/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ eventId: `unanswered-${++seq}`, callId: pbxCallId, type, timestamp: new Date(Date.now() - secondsAgo * 1000).toISOString(), ...fields }),
      });
      const body = await response.json() as { results: { outcome: string }[] };
      assert.equal(body.results[0]?.outcome, 'applied', JSON.stringify(body));
    }

    /** A caller rings extension 1017 and the call ends unanswered after `waited` seconds. */
    async function unansweredCall(pbxCallId: string, from: string, waited: number, by: 'caller' | 'system') {
      const start = 60;
      await fromExchange(pbxCallId, 'offered', start, { from, to: '1017', direction: 'inbound' });
      await fromExchange(pbxCallId, 'ringing', start - 1, { extension: '1017' });
      await fromExchange(pbxCallId, 'hangup', start - waited, { cause: by === 'caller' ? 'cancel' : 'no_answer', by });
    }

    async function assertAccessible(page: Page) {
      await page.mouse.move(0, 300);
      assert.equal(describeViolations(await accessibilityViolations(page)), '');
    }

    test('H3: the supervisor reads the rule in a sentence, is told which field is wrong, and switches it off', async () => {
      supervisorPage = await run.open('supervisor');
      const page = supervisorPage;
      await page.goto('/supervisor/missed-call-rule');
      await page.getByRole('heading', { name: 'Зворотні дзвінки після пропущених дзвінків (H3)', level: 1 }).waitFor();
      const sentence = page.locator('[data-missed-call-rule-sentence]');
      await sentence.getByText(/Кожному, хто чекав 10 с і довше й поклав слухавку/).waitFor();
      assert.match(await sentence.innerText(), /з 09:00 до 18:00 пн–пт/);
      await assertAccessible(page);
      await screenshot(page, `unanswered-rule-${target.name}`);

      const wait = page.getByLabel('Мінімальне очікування, с');
      await wait.fill('-5');
      await page.getByRole('button', { name: 'Зберегти' }).click();
      await page.getByText('Мінімальне очікування: не менше 0 с').first().waitFor();
      assert.equal((await api<{ minWaitSeconds: number }>(supervisor, 'GET', '/settings/missed-call-rule')).minWaitSeconds, 10, 'nothing saved');

      await wait.fill('30');
      await page.getByRole('checkbox', { name: 'пʼятниця' }).uncheck();
      await page.getByRole('checkbox', { name: 'субота' }).check();
      await page.getByLabel('Кінець, ГГ:ХХ').fill('17:30');
      await sentence.getByText(/Кожному, хто чекав 30 с і довше/).waitFor();
      assert.match(await sentence.innerText(), /з 09:00 до 17:30 пн–чт, сб/);
      await page.getByRole('button', { name: 'Зберегти' }).click();
      await page.getByText('Збережено. Діє для дзвінків, що завершаться відтепер.').waitFor();
      assert.deepEqual(await api(supervisor, 'GET', '/settings/missed-call-rule'), {
        enabled: true, minWaitSeconds: 30, businessHours: { days: [1, 2, 3, 4, 6], opensAt: '09:00', closesAt: '17:30' },
      });

      // Off, so that the calls below wait for a person to decide.
      await page.getByRole('switch', { name: 'Автоматично планувати зворотні дзвінки' }).focus();
      await page.keyboard.press('Space');
      await page.getByRole('button', { name: 'Зберегти' }).click();
      await page.getByText('Збережено. Діє для дзвінків, що завершаться відтепер.').waitFor();
      await sentence.getByText(/Правило вимкнено/).waitFor();
      assert.equal((await api<{ enabled: boolean }>(supervisor, 'GET', '/settings/missed-call-rule')).enabled, false);
    });

    test('H3: the unanswered calls: an empty list says what it means, then each call with its wait and state; a callback scheduled by hand', async () => {
      const page = supervisorPage;
      await page.goto('/supervisor/unanswered');
      await page.getByRole('heading', { name: 'Пропущені дзвінки (H3)', level: 1 }).waitFor();
      await page.getByText('Усі пропущені дзвінки опрацьовано').waitFor();
      await page.getByText('Зніміть позначку, щоб побачити всі').waitFor();

      await unansweredCall('unanswered-long', '0441112201', 45, 'caller');
      await unansweredCall('unanswered-short', '0441112202', 5, 'caller');
      await unansweredCall('unanswered-missed', '0441112203', 30, 'system');
      await page.reload();
      const rows = page.locator('tr[data-unanswered-call]');
      await rows.nth(2).waitFor();
      assert.equal(await rows.count(), 3);
      const long = page.locator('tr[data-unanswered-call]', { hasText: '044 111 2201' });
      await long.getByText('Чекав 45 с').waitFor();
      await long.getByText('Без зворотного дзвінка').waitFor();
      const missed = page.locator('tr[data-unanswered-call]', { hasText: '044 111 2203' });
      await missed.getByText('ніхто не прийняв').waitFor();
      await missed.getByText('Чекав 30 с').waitFor();
      await assertAccessible(page);
      await screenshot(page, `unanswered-list-${target.name}`);

      await long.getByRole('button', { name: 'Запланувати зворотний дзвінок' }).click();
      await long.getByText(/Зворотний дзвінок заплановано на \d\d:\d\d/).waitFor();
      const callbacks = await api<{ items: { phone: string; reason: string; unansweredCall: { waitedSeconds: number } | null }[] }>(supervisor, 'GET', '/callbacks');
      const made = callbacks.items.filter((item) => item.phone === '+380441112201');
      assert.equal(made.length, 1);
      assert.equal(made[0]!.unansweredCall?.waitedSeconds, 45);

      await page.getByLabel('Як завершився').selectOption('missed');
      await page.locator('tr[data-end-reason="missed"]').waitFor();
      await rows.nth(1).waitFor({ state: 'detached' });
      assert.equal(await rows.count(), 1);
    });

    test('H3: the console counts the day: offered, abandoned, missed, the waits, called back within the hour', async () => {
      const page = supervisorPage;
      await page.goto('/supervisor');
      const figures = page.locator('[data-unanswered-figures]');
      await figures.waitFor();
      const figure = (name: string) => figures.locator(`[data-figure="${name}"] dd`);
      assert.equal(await figure('offered').innerText(), '3');
      assert.equal(await figure('answered').innerText(), '0');
      assert.equal(await figure('abandoned').innerText(), '2');
      assert.equal(await figure('missed').innerText(), '1');
      assert.equal(await figure('longest-wait').innerText(), '45 с');
      assert.equal(await figure('average-wait').innerText(), '27 с');
      assert.equal(await figure('called-back').innerText(), '0 з 3');
      await assertAccessible(page);
      await screenshot(page, `unanswered-console-${target.name}`);
    });

    test('H3: the operator sees in the callback queue that it came from a missed call and how long the caller waited', async () => {
      const page = await run.open('operator');
      await page.goto('/operator/callbacks');
      const origin = page.locator('[data-unanswered-origin]').first();
      await origin.waitFor();
      assert.match(await origin.innerText(), /^Пропущений дзвінок о \d\d:\d\d, чекав 45 с$/);
      await page.locator('li[data-callback-id] a').first().click();
      await page.locator('[data-callback-detail] [data-unanswered-origin]').getByText('заявник поклав слухавку, не дочекавшись оператора').waitFor();
      await page.goto('/operator/unanswered');
      await page.getByRole('heading', { name: 'Пропущені дзвінки (H3)', level: 1 }).waitFor();
      await page.locator('tr[data-unanswered-call]').first().waitFor();
      await assertAccessible(page);
      assert.deepEqual(run.pageErrors, []);
    });
  });
}
