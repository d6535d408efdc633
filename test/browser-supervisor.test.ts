// The supervisor's console and the court clerk's inbox in the browser, fed by what an operator does
// through the API while the screens stay open: nothing is reloaded, everything arrives live.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations, browserUnavailable, clockSeconds, describeViolations, SCHEDULED_CHANGE_MS, screenshot, startBrowserRun, type BrowserRun } from './browser.ts';
import { databaseTargets } from './databases.ts';
import { validAppeal } from './fixtures.ts';
import { loginOverHttp, requestAs, type HttpSession } from './server-process.ts';

const unavailable = browserUnavailable();
const HOLD_LIMIT_SECONDS = 20;

for (const target of databaseTargets()) {
  describe(`browser: supervisor console and the court clerk inbox, on ${target.name}`, { skip: unavailable }, () => {
    let run: BrowserRun;
    let operator: HttpSession;
    let clerk: HttpSession;
    let supervisorPage: Page;
    let callId: string;
    let appeal: { id: string; registrationNumber: string };

    before(async () => {
      run = await startBrowserRun({ DOVIRA_HOLD_LIMIT_SECONDS: String(HOLD_LIMIT_SECONDS) }, target);
      operator = await loginOverHttp(run.url, 'operator', 'operator-demo-17');
      clerk = await loginOverHttp(run.url, 'clerk', 'clerk-demo-pass');
    });
    after(async () => {
      await run?.close();
    });

    const api = <T>(session: HttpSession, method: string, path: string, body?: unknown) => requestAs<T>(run.url, session, method, path, body);

    /** A PBX user with an API token, as an admin sets the exchange up. */
    async function exchangeToken(admin: HttpSession, login: string): Promise<string> {
      const pbx = await api<{ id: string }>(admin, 'POST', '/users', { login, fullName: 'Телефонна станція', role: 'pbx', password: `${login}-password-1` });
      return (await api<{ token: string }>(admin, 'POST', `/users/${pbx.id}/api-tokens`, { name: 'browser test' })).token;
    }

    /** One event of the exchange's call `pbxCallId`, `secondsAgo` in the past; it must be applied. Returns Dovira's call id. */
    async function fromExchange(token: string, eventId: string, pbxCallId: string, type: string, secondsAgo: number, fields: Record<string, unknown> = {}): Promise<string> {
      const response = await fetch(`${run.url}/api/v1/telephony/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ eventId, callId: pbxCallId, type, timestamp: new Date(Date.now() - secondsAgo * 1000).toISOString(), ...fields }),
      });
      const body = await response.json() as { results: { outcome: string; callId: string }[] };
      assert.equal(body.results[0]?.outcome, 'applied', JSON.stringify(body));
      return body.results[0]!.callId;
    }

    async function assertAccessible(page: Page) {
      // Judged at rest: the pointer left hovering over the link just clicked would tint it.
      await page.mouse.move(0, 300);
      assert.equal(describeViolations(await accessibilityViolations(page)), '');
    }

    /** Marks the page, so a test can prove later that it was never reloaded. */
    const mark = (page: Page) => page.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });
    const stillSamePage = (page: Page) => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

    test('the console opens with empty states that say what will appear, for supervisors and admins alike', async () => {
      supervisorPage = await run.open('supervisor');
      const page = supervisorPage;
      await page.waitForURL('**/supervisor');
      await page.locator('[data-live-status="connected"]').waitFor();
      await page.getByRole('heading', { name: 'Пульт керівника', level: 1 }).waitFor();
      await page.getByText('Зараз ніхто не розмовляє').waitFor();
      await page.getByText('Звернень ще немає').waitFor();
      await page.getByText('Усе направлено вчасно').waitFor();
      await page.getByText('Зворотних дзвінків немає').waitFor();
      await assertAccessible(page);
      await mark(page);

      const admin = await run.open('admin');
      await admin.goto('/supervisor');
      await admin.getByRole('heading', { name: 'Пульт керівника', level: 1 }).waitFor();
      await admin.close();
    });

    test('A2: a new appeal appears on the console without reloading, highlighted as new, with an alert; A3: it is listed to forward today', async () => {
      const page = supervisorPage;
      callId = (await api<{ id: string }>(operator, 'POST', '/calls', { callerPhone: '067 123 45 67' })).id;
      // The call shows up live, talking, before anything else happens.
      const callRow = page.locator(`tr[data-call-id="${callId}"]`);
      await callRow.getByText('розмова').waitFor();
      await callRow.getByText('№ 17', { exact: true }).waitFor();
      await callRow.getByText('Олена Петрівна Коваленко', { exact: true }).waitFor();

      for (const step of [
        { type: 'greeted' },
        { type: 'form_of_address_recorded', formOfAddress: 'пані Мар’яно' },
        { type: 'language_recorded', language: 'uk' },
        { type: 'topic_recorded', topic: 'Стан розгляду справи про аліменти', outsideJudiciary: false },
      ]) await api(operator, 'POST', `/calls/${callId}/events`, step);
      appeal = await api(operator, 'POST', '/appeals', { ...validAppeal, callId });
      const row = page.locator(`tr[data-appeal-id="${appeal.id}"]`);
      await row.getByRole('link', { name: appeal.registrationNumber }).waitFor();
      assert.equal(await row.getAttribute('data-new'), 'true', 'A2: the appeal that arrived live is highlighted');
      await row.getByText('нове', { exact: true }).waitFor();
      await row.getByText('скарга').waitFor();
      await row.getByText('зареєстровано').waitFor();
      const alert = page.getByRole('alert').filter({ hasText: 'Нове звернення (A2)' });
      await alert.getByText(`${appeal.registrationNumber} · скарга`).waitFor();

      const dueToday = page.locator('[data-due-list="today"]');
      await dueToday.getByRole('link', { name: appeal.registrationNumber }).waitFor();
      assert.ok(await stillSamePage(page), 'the page was never reloaded');
    });

    test('H5: a call on hold shows its clock, amber near the limit and red past it, and the long-hold alert comes', async () => {
      const page = supervisorPage;
      await api(operator, 'POST', `/calls/${callId}/events`, { type: 'hold_started', callerConsented: true });
      const clock = page.locator(`tr[data-call-id="${callId}"] [data-hold-level]`);
      await clock.waitFor();
      // With a 20 s limit the 30 s warning window covers the whole hold: amber at once.
      assert.equal(await clock.getAttribute('data-hold-level'), 'warning');
      assert.match((await clock.textContent()) ?? '', /^0:\d\d · наближається межа$/);
      await page.locator(`tr[data-call-id="${callId}"]`).getByText('на очікуванні').waitFor();

      await page.locator(`tr[data-call-id="${callId}"] [data-hold-level="over"]`).waitFor({ timeout: SCHEDULED_CHANGE_MS });
      const over = await clock.textContent();
      assert.match(over ?? '', /^\d+:\d\d · понад межу$/);
      assert.ok(clockSeconds(over) >= HOLD_LIMIT_SECONDS, `the clock shows the hold past its limit: ${over}`);
      // The reminder runs every 10 s: the alert comes within a round after the limit.
      const alert = page.getByRole('alert').filter({ hasText: 'Заявник очікує надто довго (H5)' });
      await alert.getByText('Очікування довше за 0:20').waitFor({ timeout: SCHEDULED_CHANGE_MS });
      assert.ok(await stillSamePage(page), 'the page was never reloaded');
      await screenshot(page, 'supervisor-console');
      await assertAccessible(page);
    });

    test('the call timeline shows every typed event in Ukrainian with its time and who did it, and follows the call live', async () => {
      const page = supervisorPage;
      await page.getByRole('link', { name: 'Хронологія дзвінка: Оператор № 17, Олена Петрівна Коваленко' }).first().click();
      await page.waitForURL(`**/supervisor/calls/${callId}`);
      await page.getByRole('heading', { name: 'Дзвінок: 067 123 4567', level: 1 }).waitFor();
      const rows = page.locator('tr[data-event-type]');
      await rows.filter({ hasText: 'Заявника поставлено на очікування (H1)' }).waitFor();
      assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-event-type'))),
        ['offered', 'answered', 'greeted', 'form_of_address_recorded', 'language_recorded', 'topic_recorded', 'hold_started']);
      await rows.filter({ hasText: 'Зафіксовано звертання до заявника (G4)' }).getByText('«пані Мар’яно»').waitFor();
      await rows.filter({ hasText: 'Зафіксовано мову розмови (G1)' }).getByText('українська').waitFor();
      await rows.filter({ hasText: 'Зафіксовано тему звернення' }).getByText('Тема: Стан розгляду справи про аліменти').waitFor();
      const hold = rows.filter({ hasText: 'Заявника поставлено на очікування (H1)' });
      await hold.getByText('Оператор № 17, Олена Петрівна Коваленко').waitFor();
      await hold.getByText('за згодою заявника').waitFor();
      assert.match((await hold.locator('td').first().textContent()) ?? '', /^\d\d:\d\d:\d\d$/, 'times to the second');
      await page.getByRole('group', { name: 'Заявник зараз на очікуванні' }).locator('[data-hold-level="over"]').waitFor();
      await screenshot(page, 'supervisor-call-timeline');
      await assertAccessible(page);

      // The operator takes the caller back and closes the call: the timeline grows by itself.
      await api(operator, 'POST', `/calls/${callId}/events`, { type: 'hold_ended' });
      // The recorded hold is judged against the Standard's own three minutes, whatever the clock's setting.
      const lasted = rows.filter({ hasText: 'Очікування завершено (H5)' }).getByText(/^тривало \d+:\d\d$/);
      await lasted.waitFor();
      assert.ok(clockSeconds(await lasted.textContent()) >= HOLD_LIMIT_SECONDS, 'the hold lasted past the shortened limit, and is not flagged: under three minutes');
      for (const step of [{ type: 'understanding_confirmed' }, { type: 'closing_phrase_said' }, { type: 'ended', reason: 'completed' }]) {
        await api(operator, 'POST', `/calls/${callId}/events`, step);
      }
      await rows.filter({ hasText: 'Завершальну фразу сказано (C4)' }).waitFor();
      await rows.filter({ hasText: 'Дзвінок завершено' }).getByText('розмову завершено').waitFor();
      await page.locator('[data-call-status="ended"]').getByText('завершено').waitFor();
      await page.getByText('Причина завершення').waitFor();
      assert.equal(await page.getByRole('group', { name: 'Заявник зараз на очікуванні' }).count(), 0);
    });

    test('the appeal page shows the card and its history; an ended call leaves the console', async () => {
      const page = supervisorPage;
      await page.getByRole('link', { name: 'До пульта' }).click();
      await page.waitForURL('**/supervisor');
      await page.locator(`tr[data-call-id="${callId}"]`).waitFor({ state: 'detached' });
      await page.getByText('Зараз ніхто не розмовляє').waitFor();

      await page.locator(`tr[data-appeal-id="${appeal.id}"]`).getByRole('link', { name: appeal.registrationNumber }).click();
      await page.waitForURL(`**/supervisor/appeals/${appeal.id}`);
      await page.getByRole('heading', { name: `Звернення ${appeal.registrationNumber}`, level: 1 }).waitFor();
      await page.getByText('Шевчук Мар’яна Олексіївна').waitFor();
      await page.getByText(validAppeal.essence).waitFor();
      const registered = page.locator('tr[data-action="registered"]');
      await registered.getByText('Зареєстровано').waitFor();
      await registered.getByText('Оператор № 17, Олена Петрівна Коваленко').waitFor();
      await page.getByRole('link', { name: 'Хронологія дзвінка' }).waitFor();
      await page.getByRole('button', { name: 'Позначити вирішеним' }).waitFor();
      await screenshot(page, 'supervisor-appeal');
      await assertAccessible(page);
    });

    test('A3: forwarded to the demo court, the appeal reaches the clerk live; the clerk acknowledges it and the supervisor sees that at once', async () => {
      const inbox = await run.open('clerk');
      await inbox.waitForURL('**/clerk');
      await inbox.locator('[data-live-status="connected"]').waitFor();
      await inbox.getByText('Вхідних звернень немає').waitFor();
      await assertAccessible(inbox);
      await mark(inbox);

      const me = await api<{ user: { judicialBodyId: string } }>(clerk, 'GET', '/auth/me');
      await api(operator, 'POST', `/appeals/${appeal.id}/forward`, { judicialBodyId: me.user.judicialBodyId, reason: 'Питання стосується розгляду справи в цьому суді' });

      const row = inbox.locator(`tr[data-appeal-id="${appeal.id}"]`);
      await row.getByText('надійшло — підтвердіть отримання').waitFor();
      assert.equal(await row.getAttribute('data-new'), 'true');
      await inbox.getByRole('alert').filter({ hasText: 'Надійшло нове звернення' }).getByText(appeal.registrationNumber).waitFor();
      assert.ok(await stillSamePage(inbox), 'the inbox was never reloaded');

      await row.getByRole('link', { name: appeal.registrationNumber }).click();
      await inbox.waitForURL(`**/clerk/appeals/${appeal.id}`);
      await inbox.getByRole('heading', { name: `Звернення ${appeal.registrationNumber}` }).waitFor();
      await inbox.getByText('Питання стосується розгляду справи в цьому суді').waitFor();
      const letter = inbox.getByRole('link', { name: /Супровідний лист \(PDF\)/ });
      const href = await letter.getAttribute('href');
      assert.equal(href, `/api/v1/appeals/${appeal.id}/forwarding-letter.pdf`);
      const pdf = await inbox.request.get(href!);
      assert.equal(pdf.status(), 200);
      assert.equal(pdf.headers()['content-type'], 'application/pdf');

      // The supervisor, still on the appeal's page, sees the forwarding in its history.
      await supervisorPage.locator('tr[data-action="forwarded"]').getByText('Направлено до органу судової влади', { exact: true }).waitFor();

      await inbox.getByRole('button', { name: 'Підтвердити отримання' }).click();
      await inbox.getByText('Отримання підтверджено', { exact: true }).first().waitFor();
      await row.getByText('отримано — готується відповідь').waitFor();
      await supervisorPage.locator('[data-status="acknowledged"]').getByText('отримано органом судової влади').waitFor();
      const acknowledged = supervisorPage.locator('tr[data-action="acknowledged"]');
      await acknowledged.getByText('Орган судової влади підтвердив отримання').waitFor();
      await acknowledged.getByText(/працівник суду \(/).waitFor();
      assert.ok(await stillSamePage(supervisorPage), 'the supervisor never reloaded');

      // The answer is required: an empty one is refused next to the field, then recorded.
      await inbox.getByRole('button', { name: 'Зафіксувати відповідь' }).click();
      await inbox.getByText('Опишіть відповідь, надану заявнику').waitFor();
      await inbox.evaluate(() => window.scrollTo(0, 0));
      await screenshot(inbox, 'clerk-inbox');
      await assertAccessible(inbox);
      await inbox.getByLabel('Зміст відповіді, наданої заявнику').fill('Заявнику повідомлено дату засідання листом від суду');
      await inbox.getByRole('button', { name: 'Зафіксувати відповідь' }).click();
      await row.getByText('відповідь надано').waitFor();
      await inbox.getByText('Заявнику повідомлено дату засідання листом від суду').waitFor();
      await supervisorPage.locator('[data-status="answered"]').getByText('надано відповідь').waitFor();

      // Back on the console, nothing is left to forward and the appeal shows as answered.
      await supervisorPage.getByRole('link', { name: 'Пульт керівника' }).click();
      await supervisorPage.getByText('Усе направлено вчасно').waitFor();
      await supervisorPage.locator(`tr[data-appeal-id="${appeal.id}"] [data-status="answered"]`).waitFor();
    });

    test('H5: a hold started on the phone shows its clock on the operator’s screen and on the console without reloading, marked «на телефоні», with a prompt to record consent (H1)', async () => {
      const admin = await loginOverHttp(run.url, 'admin', 'admin-demo-pass');
      const operatorId = (await api<{ user: { id: string } }>(operator, 'GET', '/auth/me')).user.id;
      const token = await exchangeToken(admin, 'pbx-hold');
      await api(admin, 'PUT', '/telephony/extensions/1017', { operatorId });
      let n = 0;
      const fromPbx = (type: string, secondsAgo: number, fields: Record<string, unknown> = {}) =>
        fromExchange(token, `browser-hold-${++n}`, 'browser-hold@pbx', type, secondsAgo, fields);
      const phoneCall = await fromPbx('offered', 60, { from: '+380501112233', to: '1017', direction: 'inbound' });
      await fromPbx('answered', 55, { extension: '1017' });

      const operatorPage = await run.open('operator');
      await operatorPage.goto(`/operator/calls/${phoneCall}`);
      await operatorPage.getByTestId('call-status').filter({ hasText: 'Триває' }).waitFor();
      const consolePage = supervisorPage;
      await consolePage.getByRole('link', { name: 'Пульт керівника' }).click();
      await consolePage.waitForURL('**/supervisor');
      const row = consolePage.locator(`tr[data-call-id="${phoneCall}"]`);
      await row.getByText('розмова').waitFor();
      await mark(operatorPage);
      await mark(consolePage);

      // Put on hold on the phone 5 s ago: amber at once (20 s limit), red 15 s later, which leaves a
      // loaded machine time to show the amber first.
      await fromPbx('hold', 5);
      const operatorClock = operatorPage.locator('[data-testid="hold-clock"][data-hold-source="phone"]');
      await operatorClock.getByText('Заявник на утриманні на телефоні').waitFor();
      assert.equal(await operatorClock.getAttribute('data-hold-state'), 'warning');
      await operatorClock.getByText('Утримання поставлено на телефоні, згоду заявника (H1) не зафіксовано. Якщо заявник погодився зачекати, зафіксуйте це: вкладка «Очікування», Alt+H.').waitFor();
      const consoleClock = row.locator('[data-hold-level][data-hold-source="phone"]');
      await consoleClock.waitFor();
      assert.equal(await consoleClock.getAttribute('data-hold-level'), 'warning');
      await row.getByText('на телефоні', { exact: true }).waitFor();
      await row.getByText('на очікуванні').waitFor();

      await operatorPage.locator('[data-testid="hold-clock"][data-hold-state="over"]').waitFor({ timeout: SCHEDULED_CHANGE_MS });
      await row.locator('[data-hold-level="over"]').waitFor({ timeout: SCHEDULED_CHANGE_MS });
      const alert = consolePage.getByRole('alert').filter({ hasText: 'Заявник очікує надто довго (H5)' })
        .filter({ hasText: 'Утримання, поставлене на телефоні (згоди заявника в Dovira не зафіксовано), довше за 0:20' });
      await alert.waitFor({ timeout: SCHEDULED_CHANGE_MS });
      await screenshot(operatorPage, 'operator-phone-hold');
      await screenshot(consolePage, 'supervisor-phone-hold');
      await assertAccessible(operatorPage);
      await assertAccessible(consolePage);

      // The caller agreed: the operator records it, and the same hold is a Standard one from now on.
      await operatorPage.getByText('Заявника вже поставлено на утримання на телефоні.', { exact: false }).waitFor();
      await operatorPage.getByLabel('Заявник погодився зачекати на лінії (H1)').check();
      await operatorPage.getByRole('button', { name: /Зафіксувати очікування за згодою/ }).click();
      await operatorPage.locator('[data-testid="hold-clock"][data-hold-source="standard"]').getByText('Заявник на очікуванні').waitFor();
      assert.equal(await operatorPage.getByTestId('phone-hold-prompt').count(), 0);
      await row.locator('[data-hold-source="standard"]').waitFor();
      assert.equal(await row.getByText('на телефоні', { exact: true }).count(), 0);

      // The phone takes the caller back: both clocks go; the call ends.
      await fromPbx('unhold', 0);
      await operatorPage.getByTestId('hold-clock').waitFor({ state: 'detached' });
      await row.locator('[data-hold-level]').waitFor({ state: 'detached' });
      await row.getByText('розмова').waitFor();
      await fromPbx('hangup', 0, { cause: 'normal_clearing', by: 'caller' });
      await row.waitFor({ state: 'detached' });
      assert.ok(await stillSamePage(operatorPage), 'the operator’s screen was never reloaded');
      assert.ok(await stillSamePage(consolePage), 'the console was never reloaded');
      await operatorPage.close();
    });

    test('the registers: appeals filtered by status with «Більше» for the next page, and every call with its end reason', async () => {
      const page = supervisorPage;
      for (let index = 0; index < 31; index += 1) await api(operator, 'POST', '/appeals', { ...validAppeal, essence: `Питання номер ${index + 1} щодо розгляду справи` });
      await page.getByRole('link', { name: 'Реєстр звернень' }).first().click();
      await page.waitForURL('**/supervisor/appeals');
      const rows = page.locator('tr[data-appeal-id]');
      await page.getByText('Показано: 30').waitFor();
      await page.getByRole('button', { name: 'Більше' }).click();
      await page.getByText('Показано: 32').waitFor();
      await page.getByText('Це всі записи.').waitFor();
      assert.equal(await rows.count(), 32);

      await page.getByLabel('Стан').selectOption({ label: 'надано відповідь' });
      await page.getByText('Показано: 1').waitFor();
      await rows.first().getByRole('link', { name: appeal.registrationNumber }).waitFor();
      await page.getByLabel('Стан').selectOption({ label: 'вирішено контакт-центром' });
      await page.getByText('Звернень із таким станом немає').waitFor();
      await assertAccessible(page);

      await page.getByRole('link', { name: 'Дзвінки', exact: true }).click();
      await page.waitForURL('**/supervisor/calls');
      const call = page.locator(`tr[data-call-id="${callId}"]`);
      await call.getByText('розмову завершено').waitFor();
      await call.getByText('067 123 4567').waitFor();
      await assertAccessible(page);
    });

    test('H5: the long-hold alert is shown at once, ahead of the appeal alerts still waiting for room on screen', async () => {
      const page = supervisorPage;
      // The registers test has just raised an alert for each of its 31 appeals: the screen is full
      // (five at a time; earlier long-hold alerts stay until closed) and most appeal alerts wait for room.
      const appealAlerts = page.getByRole('alert').filter({ hasText: 'Нове звернення (A2)' });
      await page.locator('.mantine-Notification-root').nth(4).waitFor();
      assert.ok(await appealAlerts.count() >= 1, 'appeal alerts are on screen');
      const admin = await loginOverHttp(run.url, 'admin', 'admin-demo-pass');
      const token = await exchangeToken(admin, 'pbx-alerts');
      let n = 0;
      let callId = '';
      for (const [type, secondsAgo, fields] of [
        ['offered', 90, { from: '+380501112244', to: '1017', direction: 'inbound' }],
        ['answered', 85, { extension: '1017' }],
        ['hold', HOLD_LIMIT_SECONDS + 10, {}],
      ] as const) {
        callId = await fromExchange(token, `browser-alerts-${++n}`, 'browser-alerts@pbx', type, secondsAgo, fields);
      }
      // The reminders look every 10 s (slower on a loaded machine); the appeal alerts queued ahead of
      // it would take well over a minute to clear, five at a time, 15 s each.
      await page.getByRole('alert').filter({ hasText: 'Заявник очікує надто довго (H5)' })
        .filter({ has: page.locator(`a[href="/supervisor/calls/${callId}"]`) }).waitFor({ timeout: SCHEDULED_CHANGE_MS });
      assert.ok(await appealAlerts.count() >= 1, 'appeal alerts are still waiting their turn');
    });

    test('a caller from abroad shows as +49 30 55571600 and a withheld number as «Номер приховано», on the operator’s screen and the console', async () => {
      const admin = await loginOverHttp(run.url, 'admin', 'admin-demo-pass');
      const operatorId = (await api<{ user: { id: string } }>(operator, 'GET', '/auth/me')).user.id;
      const token = await exchangeToken(admin, 'pbx-numbers');
      await api(admin, 'PUT', '/telephony/extensions/1017', { operatorId });
      // Both callers gave up before an answer: ended, so neither opens itself on the operator's screen.
      const call = async (pbxCallId: string, from: string) => {
        const id = await fromExchange(token, `${pbxCallId}-offered`, pbxCallId, 'offered', 30, { from, to: '1017', direction: 'inbound' });
        await fromExchange(token, `${pbxCallId}-hangup`, pbxCallId, 'hangup', 20, { cause: 'caller_gave_up', by: 'caller' });
        return id;
      };
      const german = await call('browser-german@pbx', '493055571600');
      const withheld = await call('browser-withheld@pbx', 'anonymous');

      const operatorPage = await run.open('operator');
      await operatorPage.goto(`/operator/calls/${german}`);
      await operatorPage.getByRole('region', { name: 'Відомості про дзвінок' }).getByText('+49 30 55571600').waitFor();
      await operatorPage.goto(`/operator/calls/${withheld}`);
      await operatorPage.getByRole('region', { name: 'Відомості про дзвінок' }).getByText('Номер приховано').waitFor();
      await screenshot(operatorPage, 'operator-withheld-number');

      await supervisorPage.goto(`/supervisor/calls/${german}`);
      await supervisorPage.getByRole('heading', { name: 'Дзвінок: +49 30 55571600', level: 1 }).waitFor();
      await supervisorPage.goto(`/supervisor/calls/${withheld}`);
      await supervisorPage.getByRole('heading', { name: 'Дзвінок: Номер приховано', level: 1 }).waitFor();
      await assertAccessible(supervisorPage);
    });

    test('H3: a caller waiting in a queue shows on the console as waiting, with the queue and a running clock; once they give up, the register lists the call as not answered', async () => {
      const page = supervisorPage;
      const admin = await loginOverHttp(run.url, 'admin', 'admin-demo-pass');
      const token = await exchangeToken(admin, 'pbx-queue');
      await page.goto('/supervisor');
      await page.getByRole('heading', { name: 'Пульт керівника', level: 1 }).waitFor();
      // The call comes in once the console listens: it must appear without reloading.
      await page.locator('[data-live-status="connected"]').waitFor();
      const queued = await fromExchange(token, 'browser-queue-1', 'browser-queue@pbx', 'offered', 40, { from: '+380671230099', to: '0800500100', direction: 'inbound', queue: 'Судова черга' });
      const row = page.locator(`tr[data-call-id="${queued}"]`);
      await row.getByText('У черзі (черга: Судова черга)').waitFor();
      await row.getByText('чекає на оператора').waitFor();
      await row.getByTestId('waiting-clock').filter({ hasText: /^чекає 0:[45]\d$/ }).waitFor();
      await assertAccessible(page);
      await screenshot(page, 'supervisor-caller-waiting-in-queue');

      await fromExchange(token, 'browser-queue-2', 'browser-queue@pbx', 'hangup', 0, { cause: 'cancel', by: 'caller' });
      await row.waitFor({ state: 'detached' });
      await page.getByRole('link', { name: 'Дзвінки', exact: true }).click();
      await page.waitForURL('**/supervisor/calls');
      await page.getByLabel('Прийнято').selectOption({ label: 'не прийняті' });
      const listed = page.locator(`tr[data-call-id="${queued}"]`);
      await listed.getByText('Не прийнято (черга: Судова черга)').waitFor();
      await listed.getByText('заявник поклав слухавку, не дочекавшись відповіді').waitFor();
      assert.equal(await page.locator(`tr[data-call-id="${callId}"]`).count(), 0, 'an answered call is not among them');
      await page.getByLabel('Причина завершення').selectOption({ label: 'розмову завершено' });
      await page.getByText('Дзвінків із таким станом немає').waitFor();
      await assertAccessible(page);
      await screenshot(page, 'supervisor-calls-not-answered');
    });

    test('no page wrote an error to its console', () => {
      assert.deepEqual(run.pageErrors, []);
    });
  });
}
