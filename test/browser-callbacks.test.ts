// (page.evaluate callbacks run in the browser: hence the DOM types)
/// <reference lib="dom" />
// H3 and Q1 in the browser: the operator works a callback from the alert to its close, with the
// honest answer of an installation that cannot dial; management reads the callers' ratings, which
// arrive the way they do in production: a caller's phone pressing a key at the survey endpoint.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations, browserUnavailable, describeViolations, SCHEDULED_CHANGE_MS, screenshot, startBrowserRun, type BrowserRun } from './browser.ts';
import { loginOverHttp, requestAs, type HttpSession } from './server-process.ts';
import { eventually, silenceWav, startBaresip, stopAllBaresip, surveyPromptStarted, telephonyUnavailable, type RunningBaresip } from './survey/baresip.ts';

const unavailable = browserUnavailable();
// The phone survey needs baresip, espeak-ng and sox; without them (outside CI) only the empty ratings screen is tested.
const noTelephony = unavailable ? undefined : telephonyUnavailable();
const KEY_TIMEOUT_SECONDS = 2;

async function assertAccessible(page: Page): Promise<void> {
  // Judged at rest: the pointer left over the last button clicked would tint it.
  await page.mouse.move(0, 300);
  assert.equal(describeViolations(await accessibilityViolations(page)), '');
}

/** 1366×768 without sideways scrolling. */
async function assertNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  assert.ok(scrollWidth <= clientWidth, `the page scrolls sideways: ${scrollWidth} > ${clientWidth}`);
}

describe('browser: operator callbacks (H3) and callers’ ratings (Q1)', { skip: unavailable, timeout: 300_000 }, () => {
  let run: BrowserRun;
  let survey: RunningBaresip | undefined;
  let operator: HttpSession;
  let admin: HttpSession;
  let supervisor: HttpSession;
  let operatorId: string;
  let work: string;

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'dovira-browser-callbacks-'));
    const env: Record<string, string> = {};
    if (!noTelephony) {
      // The survey endpoint Dovira drives; the server makes its spoken prompts at start.
      survey = await startBaresip('survey', { user: 'survey', answerMode: 'manual', audioSource: 'aubridge,dovira-quiet', maxCalls: 1, control: false });
      env.DOVIRA_SURVEY_BARESIP = `${survey.ctrl.host}:${survey.ctrl.port}`;
      env.DOVIRA_SURVEY_KEY_TIMEOUT_SECONDS = String(KEY_TIMEOUT_SECONDS);
    }
    run = await startBrowserRun(env);
    operator = await loginOverHttp(run.url, 'operator', 'operator-demo-17');
    admin = await loginOverHttp(run.url, 'admin', 'admin-demo-pass');
    supervisor = await loginOverHttp(run.url, 'supervisor', 'supervisor-demo');
    operatorId = (await api<{ user: { id: string } }>(operator, 'GET', '/auth/me')).user.id;
  });
  after(async () => {
    await run?.close();
    await stopAllBaresip();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const api = <T>(session: HttpSession, method: string, path: string, body?: unknown) => requestAs<T>(run.url, session, method, path, body);

  test('H3: a callback falls due with an alert, is taken, «Зателефонувати» says dialling is not set up, an attempt is recorded by hand and the callback closed', async () => {
    const page = await run.open('operator');
    await page.getByRole('link', { name: 'Зворотні дзвінки', exact: true }).click();
    await page.waitForURL('**/operator/callbacks');
    await page.locator('[data-live-status="connected"]').waitFor();
    await page.getByRole('heading', { name: 'Зворотні дзвінки (H3)', level: 1 }).waitFor();
    await page.getByText('Зворотних дзвінків немає').waitFor();
    await page.getByText('Оберіть зворотний дзвінок', { exact: true }).waitFor();
    // Q1: the operator's own ratings, modestly, beside the title.
    await page.getByTestId('my-ratings').getByText('Оцінок ще немає.', { exact: false }).waitFor();
    await assertAccessible(page);

    // Agreed during a call, for the shared queue, due now: the reminder (every 10 s) announces it.
    const call = await api<{ id: string }>(operator, 'POST', '/calls', { callerPhone: '067 555 12 34' });
    const callback = await api<{ id: string; phone: string }>(operator, 'POST', '/callbacks', {
      callId: call.id, phone: '067 555 12 34', reason: 'Повідомити дату засідання у справі про аліменти', dueAt: new Date().toISOString(),
    });
    assert.equal(callback.phone, '+380675551234');
    await api(operator, 'POST', `/calls/${call.id}/events`, { type: 'callback_requested', phone: '067 555 12 34', reason: 'Повідомити дату засідання' });
    await api(operator, 'POST', `/calls/${call.id}/events`, { type: 'ended', reason: 'callback_arranged' });
    const alert = page.getByRole('alert').filter({ hasText: 'Настав час зворотного дзвінка (H3)' });
    await alert.waitFor({ timeout: SCHEDULED_CHANGE_MS });
    // The live event also refreshes the queue, without a reload.
    const item = page.locator(`li[data-callback-id="${callback.id}"]`);
    await item.getByText('час настав').waitFor();
    await item.getByText('Повідомити дату засідання у справі про аліменти').waitFor();
    await item.getByText('спільна черга · чекає').waitFor();
    // Seen: the operator puts the alert away, as one does before working on.
    await alert.getByRole('button', { name: /^Закрити/ }).click();
    await alert.waitFor({ state: 'detached' });

    // The workspace reminds of it too, and leads to the ones due.
    await page.getByRole('link', { name: 'Робоче місце', exact: true }).click();
    await page.waitForURL('**/operator**');
    const due = page.getByRole('link', { name: 'Зворотні дзвінки: настав час — 1' });
    await due.waitFor();
    assert.ok(await due.evaluate((link) => Array.from(link.querySelectorAll('span')).every((part) => part.scrollWidth <= part.clientWidth)), 'the reminder is shown whole, count included');
    await due.click();
    await page.waitForURL('**/operator/callbacks?due=overdue');
    assert.equal(await page.getByLabel('Показати').inputValue(), 'overdue');
    await item.getByRole('link', { name: /067 555 1234 · на / }).click();
    await page.waitForURL(`**/operator/callbacks/${callback.id}`);

    const detail = page.locator(`[data-callback-detail="${callback.id}"]`);
    await detail.getByRole('heading', { name: /^Зворотний дзвінок на / }).waitFor();
    await detail.getByRole('link', { name: '067 555 1234' }).waitFor();
    await detail.getByRole('button', { name: 'Взяти в роботу' }).click();
    await page.locator(`[data-callback-detail="${callback.id}"][data-status="in_progress"]`).waitFor();
    await item.getByText('спільна черга · виконуєте Ви').waitFor();

    // No extension: nobody to connect the caller to, said so.
    await detail.getByRole('button', { name: 'Зателефонувати' }).click();
    const noExtension = detail.getByRole('alert').filter({ hasText: 'За Вами не закріплено внутрішній номер' });
    await noExtension.getByText('зверніться до адміністратора', { exact: false }).waitFor();

    // With an extension, this installation still has no dialler (DOVIRA_DIALLER_* unset): 503, said honestly.
    await api(admin, 'PUT', '/telephony/extensions/1017', { operatorId });
    const [dialled] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith(`/callbacks/${callback.id}/dial`)),
      detail.getByRole('button', { name: 'Зателефонувати' }).click(),
    ]);
    assert.equal(dialled.status(), 503);
    const off = detail.getByRole('alert').filter({ hasText: 'Набір номера з Dovira не налаштовано' });
    await off.getByText('Наберіть 067 555 1234 зі свого телефону, а потім зафіксуйте спробу нижче.').waitFor();
    assert.equal(await noExtension.count(), 0, 'the earlier refusal gave way to the current one');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'operator-callbacks');
    await assertAccessible(page);

    // The way that works: record the attempt by hand. A form sent without an outcome says so at the field.
    await detail.getByRole('button', { name: 'Зафіксувати спробу' }).click();
    await detail.getByText('Оберіть результат спроби').waitFor();
    await off.getByRole('button', { name: 'До запису спроби' }).click();
    const outcome = detail.getByLabel('Результат спроби');
    assert.ok(await outcome.evaluate((element) => element === document.activeElement), 'the outcome field has the focus');
    await outcome.selectOption('no_answer');
    await detail.getByLabel('Примітка (необов’язково)').first().fill('Не відповідає, спробую ще раз завтра');
    await detail.getByRole('button', { name: 'Зафіксувати спробу' }).click();
    await detail.getByText('Спробу зафіксовано.').waitFor();
    const attempt = detail.locator('tr[data-attempt-outcome="no_answer"]');
    await attempt.getByText('не відповідає', { exact: true }).waitFor();
    await attempt.getByText('Не відповідає, спробую ще раз завтра').waitFor();

    // Closing as «informed» is refused without a conversation: the reason is shown at the field.
    await detail.getByRole('radio', { name: 'заявнику надано інформацію' }).check();
    await detail.getByRole('button', { name: 'Закрити зворотний дзвінок' }).click();
    await detail.getByText('можливий лише після спроби, під час якої розмова із заявником відбулася', { exact: false }).waitFor();
    await detail.getByRole('radio', { name: 'не вдалося зв’язатися із заявником' }).check();
    await detail.getByLabel('Підсумок (необов’язково)').fill('Тричі не відповідав');
    await detail.getByRole('button', { name: 'Закрити зворотний дзвінок' }).click();
    await page.locator(`[data-callback-detail="${callback.id}"][data-status="done"]`).waitFor();
    await detail.getByText('Виконано: не вдалося зв’язатися із заявником.').waitFor();
    await detail.getByText('Підсумок: Тричі не відповідав').waitFor();
    // Done, it leaves the queue.
    await page.getByText('Немає зворотних дзвінків, час яких настав').waitFor();
    await assertAccessible(page);

    const stored = await api<{ status: string; outcome: string; resolution: string; attempts: { outcome: string; note: string }[] }>(operator, 'GET', `/callbacks/${callback.id}`);
    assert.equal(stored.status, 'done');
    assert.equal(stored.outcome, 'unreachable');
    assert.equal(stored.resolution, 'Тричі не відповідав');
    assert.deepEqual(stored.attempts.map((a) => [a.outcome, a.note]), [['no_answer', 'Не відповідає, спробую ще раз завтра']], 'the refused dial left no attempt behind');
    await page.context().close();
  });

  test('Q1: the ratings screen starts empty and says how ratings arrive; phone ratings then show overall, per operator and one by one, filtered by operator', async (t) => {
    const page = await run.open('supervisor');
    await page.getByRole('link', { name: 'Оцінки заявників', exact: true }).click();
    await page.waitForURL('**/supervisor/ratings');
    await page.getByRole('heading', { name: 'Оцінки заявників (Q1)', level: 1 }).waitFor();
    // The last 30 days by default: nothing there yet, and what to try.
    await page.getByText('За цими умовами оцінок немає').waitFor();
    await page.getByLabel('Період').selectOption('all');
    const empty = page.getByTestId('ratings-empty');
    await empty.getByText('Оцінок ще немає').waitFor();
    await empty.getByText('заявник натискає 1–5', { exact: false }).waitFor();
    const operatorFilter = page.getByLabel('Оператор', { exact: true });
    assert.deepEqual(await operatorFilter.locator('option').allTextContents(), ['усі оператори']);
    await assertAccessible(page);
    if (noTelephony) {
      t.skip(`телефонне опитування недоступне: ${noTelephony}`);
      return;
    }

    // A second operator, so the summary has someone to compare with.
    await api(admin, 'POST', '/users', { login: 'operator-42', fullName: 'Петро Іванович Гнатюк', role: 'operator', password: 'operator-42-password', operatorNumber: 42 });
    const second = await loginOverHttp(run.url, 'operator-42', 'operator-42-password');
    const endedCall = async (session: HttpSession, callerPhone: string) => {
      const { id } = await api<{ id: string }>(session, 'POST', '/calls', { callerPhone });
      await api(session, 'POST', `/calls/${id}/events`, { type: 'ended', reason: 'completed' });
      return id;
    };
    /** The caller's phone reaches the survey (the exchange names the call in From) and presses a key, or hangs up. */
    // baresip sends keypad digits only while its audio source plays: the caller's phone plays silence.
    const silence = silenceWav(work, 90);
    const rate = async (callId: string, key: string | null) => {
      const phone = await startBaresip('citizen', { user: `citizen${Math.floor(Math.random() * 1e6)}`, displayName: callId, answerMode: 'manual', audioSource: `aufile,${silence}`, control: true });
      const dialled = await phone.client!.command('dial', survey!.uri);
      assert.ok(dialled.ok, dialled.data);
      await phone.waitForEvent((event) => event.type === 'CALL_ESTABLISHED', 15_000, 'the survey answering');
      await surveyPromptStarted(survey!, phone);
      if (key === null) await phone.client!.command('hangup');
      else assert.ok((await phone.client!.command('sndcode', key)).ok);
      await eventually(async () => {
        const { items } = await api<{ items: unknown[] }>(supervisor, 'GET', `/survey/ratings?callId=${callId}`);
        return items.length > 0 ? true : undefined;
      }, 60_000, 'the survey outcome recorded');
      await phone.stop();
    };
    const ratedFour = await endedCall(operator, '050 111 22 33');
    await rate(ratedFour, '4');
    const unanswered = await endedCall(operator, '050 222 33 44');
    await rate(unanswered, null);
    const ratedTwo = await endedCall(second, '050 333 44 55');
    await rate(ratedTwo, '2');

    await page.reload();
    await page.getByRole('heading', { name: 'Оцінки заявників (Q1)', level: 1 }).waitFor();
    const summary = page.getByTestId('ratings-summary');
    await summary.getByText('Усі оператори разом').waitFor();
    assert.equal(await page.getByTestId('ratings-average').textContent(), '3 з 5');
    assert.equal(await page.getByTestId('ratings-rated').textContent(), '2');
    assert.equal(await page.getByTestId('ratings-no-answer').textContent(), '1 (33 %)');
    assert.equal(await summary.locator('li[data-score="4"]').textContent(), '4: 1 (50 %)');
    assert.equal(await summary.locator('li[data-score="2"]').textContent(), '2: 1 (50 %)');
    assert.equal(await summary.locator('li[data-score="5"]').textContent(), '5: 0 (0 %)');
    const byOperator = page.getByRole('table', { name: 'За операторами' });
    const mine = byOperator.locator(`tr[data-operator-id="${operatorId}"]`);
    await mine.getByText('№ 17, Олена Петрівна Коваленко').waitFor();
    assert.deepEqual(await mine.locator('td').allTextContents(), ['№ 17, Олена Петрівна Коваленко', '4', '1', '1 (50 %)', '5: 0 · 4: 1 · 3: 0 · 2: 0 · 1: 0']);
    await byOperator.getByText('№ 42, Петро Іванович Гнатюк').waitFor();

    const list = page.getByRole('table', { name: 'Оцінки', exact: true });
    assert.equal(await list.locator('tbody tr').count(), 3);
    await list.locator(`tr[data-call-id="${ratedFour}"]`).getByText('4 з 5').waitFor();
    await list.locator(`tr[data-call-id="${unanswered}"]`).getByText('не оцінено').waitFor();
    await list.locator(`tr[data-call-id="${ratedTwo}"]`).getByText('№ 42, Петро Іванович Гнатюк').waitFor();
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'supervisor-ratings');
    await assertAccessible(page);

    // One operator: their figures, their ratings only.
    await operatorFilter.selectOption({ label: '№ 17, Олена Петрівна Коваленко' });
    await summary.getByText('№ 17, Олена Петрівна Коваленко').waitFor();
    assert.equal(await page.getByTestId('ratings-average').textContent(), '4 з 5');
    assert.equal(await page.getByTestId('ratings-no-answer').textContent(), '1 (50 %)');
    assert.equal(await byOperator.count(), 0, 'no per-operator table for one operator');
    await page.waitForFunction((callId) => !document.querySelector(`tr[data-call-id="${callId}"]`), ratedTwo);
    // The filtered list may be loading still: wait for its own rows before counting them.
    await list.locator(`tr[data-call-id="${ratedFour}"]`).waitFor();
    await list.locator(`tr[data-call-id="${unanswered}"]`).waitFor();
    assert.equal(await list.locator('tbody tr').count(), 2);
    await assertAccessible(page);

    // Each rating leads to its call.
    await list.locator(`tr[data-call-id="${ratedFour}"]`).getByRole('link', { name: /^Хронологія дзвінка/ }).click();
    await page.waitForURL(`**/supervisor/calls/${ratedFour}`);
    await page.getByRole('heading', { name: 'Дзвінок: 050 111 2233', level: 1 }).waitFor();
    await page.context().close();

    // The operator sees their own, and only their own.
    const operatorPage = await run.open('operator');
    await operatorPage.goto('/operator/callbacks');
    const own = operatorPage.getByTestId('my-ratings');
    await own.getByText('Середня оцінка: 4 з 5').waitFor();
    await own.getByText('оцінено дзвінків: 1 · без відповіді: 1 (50 %)').waitFor();
    await assertAccessible(operatorPage);
    await operatorPage.context().close();
  });

  test('no page wrote an error', () => {
    assert.deepEqual(run.pageErrors, []);
  });
});
