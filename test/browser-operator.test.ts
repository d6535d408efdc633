// (page.evaluate callbacks run in the browser: hence the DOM types)
/// <reference lib="dom" />
// The operator's call screen, driven as an operator drives it: one screen for the whole call, the
// Standard's phrases already chosen, the clocks, the steps the rules refuse, and the keyboard.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { greeting } from '../src/standard/greeting.ts';
import { accessibilityViolations, browserUnavailable, clockSeconds, describeViolations, SCHEDULED_CHANGE_MS, screenshot, startBrowserRun, type BrowserRun } from './browser.ts';
import { databaseTargets } from './databases.ts';

const unavailable = browserUnavailable();
// Shortened so the clock's amber (limit − 30 s) and red (past the limit) can be seen in a test; the
// 10 s before amber leave time to see it still normal on a loaded machine.
const HOLD_LIMIT_SECONDS = 40;
const CLOSING_PHRASE = 'Дякуємо Вам за дзвінок, при потребі телефонуйте ще, завжди будемо раді Вам допомогти';
const BAD_AUDIO_PHRASE = 'Зателефонуйте, будь ласка ще раз, Вас не чути';

async function assertAccessible(page: Page): Promise<void> {
  assert.equal(describeViolations(await accessibilityViolations(page)), '');
}

/** 1366×768 without sideways scrolling. */
async function assertNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  assert.ok(scrollWidth <= clientWidth, `the page scrolls sideways: ${scrollWidth} > ${clientWidth}`);
}

/** The call's timeline as the operator sees it: event types in order. */
async function timelineTypes(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: '5. Хронологія дзвінка' }).locator('li').evaluateAll((items) => items.map((item) => item.getAttribute('data-event-type') ?? ''));
}

async function waitForTimeline(page: Page, type: string, count = 1): Promise<void> {
  await page.waitForFunction(
    ({ type, count }) => document.querySelectorAll(`[data-testid="call-timeline"] li[data-event-type="${type}"]`).length >= count,
    { type, count },
  ).catch((error: Error) => { throw new Error(`the timeline showing ${type} ${count} time(s): ${error.message}`); });
}

/** Starts a call by hand; its id, from the server's answer. */
async function startCall(page: Page, phone?: string): Promise<string> {
  await page.getByRole('button', { name: 'Новий дзвінок' }).waitFor();
  if (phone) await page.getByLabel('Телефон заявника (необов’язково)').fill(phone);
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.request().method() === 'POST' && new URL(candidate.url()).pathname === '/api/v1/calls'),
    page.getByRole('button', { name: 'Новий дзвінок' }).click(),
  ]);
  assert.equal(response.status(), 201);
  const { id } = (await response.json()) as { id: string };
  await page.waitForURL(`**/operator/calls/${id}`);
  await page.locator(`[data-call-id="${id}"]`).getByRole('heading', { name: '1. Початок розмови' }).waitFor();
  return id;
}

/** Calls the API with the page's own session, as the screen would, to prove what the server refuses. */
async function apiPost(page: Page, path: string, body: unknown): Promise<{ status: number; body: { detail?: string } }> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'dovira_csrf')?.value ?? '';
  const response = await page.request.post(`/api/v1${path}`, { data: body, headers: { 'x-csrf-token': csrf } });
  return { status: response.status(), body: (await response.json()) as { detail?: string } };
}

const status = (page: Page) => page.getByTestId('call-status');

for (const target of databaseTargets()) {
  describe(`browser: the operator call screen, on ${target.name}`, { skip: unavailable }, () => {
    let run: BrowserRun;
    before(async () => {
      run = await startBrowserRun({ DOVIRA_HOLD_LIMIT_SECONDS: String(HOLD_LIMIT_SECONDS) }, target);
    });
    after(async () => {
      await run?.close();
    });
    // A test that fails half-way must not leave a call in progress for the next one to open.
    afterEach(async () => {
      const page = await run.open('operator');
      for (const state of ['ringing', 'active']) {
        const { items } = (await (await page.request.get(`/api/v1/calls?status=${state}`)).json()) as { items: { id: string }[] };
        for (const call of items) await apiPost(page, `/calls/${call.id}/events`, { type: 'ended', reason: 'caller_hung_up' });
      }
      await page.context().close();
    });

    test('G2-G5, C1-C4, A1, B2: a whole call from greeting to closing on one screen, every step on the timeline', async () => {
      const page = await run.open('operator');
      await page.waitForURL('**/operator');
      await page.getByText('Дзвінка на екрані немає').waitFor();

      // A wrong number is refused next to the field, in Ukrainian, and stays typed.
      await page.getByLabel('Телефон заявника (необов’язково)').fill('12');
      await page.getByRole('button', { name: 'Новий дзвінок' }).click();
      await page.getByText('Телефон заявника: вкажіть номер у форматі 0XX XXX XX XX або з кодом країни, напр. +49 30 5557 1600').first().waitFor();
      assert.equal(await page.getByLabel('Телефон заявника (необов’язково)').inputValue(), '12');
      assert.match(page.url(), /\/operator$/);

      const callId = await startCall(page, '067 123 45 67');
      let appealPanelViolations = '';
      const expected = greeting(new Date()).phrase;
      // G2: the greeting for the Kyiv time of day; G3: own number and full name.
      assert.equal(await page.locator('[data-script-line="greeted"]').textContent(), `«${expected}»`);
      assert.equal(await page.locator('[data-script-line="introduced"]').textContent(), '«Оператор № 17, Олена Петрівна Коваленко»');
      assert.equal(await page.locator('[data-script-line="help_offered"]').textContent(), '«Чим можу Вам допомогти?»');
      await page.getByRole('region', { name: 'Відомості про дзвінок' }).getByText('067 123 4567').waitFor();

      await page.getByRole('button', { name: 'Привітання й представлення сказано' }).click();
      await waitForTimeline(page, 'greeted');
      await page.getByRole('button', { name: 'Зафіксувати мову' }).click();
      await waitForTimeline(page, 'language_recorded');

      // G4: the form of address, once recorded, is what the script says from then on.
      await page.getByLabel('Звертання до заявника (G4)').fill('пане Іване');
      await page.getByRole('button', { name: 'Зберегти звертання' }).click();
      await waitForTimeline(page, 'form_of_address_recorded');
      await page.locator('[data-script-line="help_offered"]', { hasText: '«Пане Іване, чим можу Вам допомогти?»' }).waitFor();
      await page.locator('[data-script-line="understanding_confirmed"]', { hasText: 'Пане Іване, чи все Вам зрозуміло?' }).waitFor();
      await page.getByRole('region', { name: 'Відомості про дзвінок' }).getByText('пане Іване').waitFor();

      // A refused step says why beside the action and keeps what was typed.
      await page.getByLabel('Тема звернення').fill('<b>засідання</b>');
      await page.getByRole('button', { name: 'Зафіксувати тему' }).click();
      await page.getByText('Тема звернення: HTML-розмітка не допускається').first().waitFor();
      assert.equal(await page.getByLabel('Тема звернення').inputValue(), '<b>засідання</b>');
      // C1: outside the judiciary's powers needs the explanation, offered ready to say.
      await page.getByLabel('Тема звернення').fill('Нарахування пенсії');
      await page.getByLabel('Питання поза повноваженнями органів судової влади (C1)').check();
      assert.match(await page.getByLabel('Яке пояснення надано заявнику').inputValue(), /не належить до повноважень органів судової влади/);
      await page.getByRole('button', { name: 'Зафіксувати тему' }).click();
      await waitForTimeline(page, 'topic_recorded');
      await page.getByText('Тему зафіксовано: «Нарахування пенсії»').waitFor();

      await assertNoHorizontalScroll(page);
      await assertAccessible(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'operator-call');

      // A1: the appeal registered through the panel beside the call, then forwarding at hand (A3).
      await page.getByRole('tab', { name: 'Звернення' }).click();
      const appealForm = page.getByRole('form', { name: 'Усне звернення' });
      if (await appealForm.count() > 0) {
        await appealForm.getByLabel('Прізвище').fill('Шевчук');
        await appealForm.getByLabel('Ім’я').fill('Іван');
        await appealForm.getByLabel('По батькові').fill('Петрович');
        await appealForm.getByLabel('Місце проживання').fill('м. Житомир');
        await appealForm.getByLabel('Суть питання').fill('Прошу повідомити, коли призначено засідання у моїй справі');
        await appealForm.getByLabel('Прохання').check();
        if ((await appealForm.getByLabel('Контактний телефон').inputValue()) === '') await appealForm.getByLabel('Контактний телефон').fill('067 123 45 67');
        await appealForm.getByRole('button', { name: 'Зареєструвати звернення' }).click();
        await page.getByText(/Звернення ЄКЦ-\d{4}-\d{6} зареєстровано/).waitFor();
        await page.getByText('Направлення за належністю').first().waitFor();
        await assertNoHorizontalScroll(page);
        await screenshot(page, 'operator-call-appeal');
        // Checked at the end, so that a fault in the panel does not hide what the rest of the call proves.
        appealPanelViolations = describeViolations(await accessibilityViolations(page));
      }

      // C3, C4: the understanding check and the exact closing phrase, then the end.
      await page.getByRole('button', { name: 'Заявник усе зрозумів, питань немає' }).click();
      await waitForTimeline(page, 'understanding_confirmed');
      assert.equal(await page.locator('[data-script-line="closing_phrase_said"]').textContent(), `«${CLOSING_PHRASE}»`);
      await page.getByRole('button', { name: 'Завершальну фразу сказано' }).click();
      await waitForTimeline(page, 'closing_phrase_said');
      assert.equal(await page.getByLabel('Причина завершення').inputValue(), 'completed');
      await page.getByRole('button', { name: 'Завершити дзвінок', exact: true }).click();
      await status(page).filter({ hasText: 'Завершено' }).waitFor();
      await page.getByText(/Дзвінок завершено о \d\d:\d\d:\d\d: Розмову завершено\./).waitFor();

      assert.deepEqual(await timelineTypes(page), [
        'offered', 'answered', 'greeted', 'language_recorded', 'form_of_address_recorded', 'topic_recorded',
        'understanding_confirmed', 'closing_phrase_said', 'ended',
      ]);
      // Every entry has its Kyiv time, and what was recorded.
      const timeline = page.getByRole('list', { name: '5. Хронологія дзвінка' });
      for (const text of await timeline.locator('li').allTextContents()) assert.match(text, /^\d\d:\d\d:\d\d/);
      await timeline.getByText('пане Іване', { exact: true }).waitFor();
      await timeline.getByText(/Нарахування пенсії · поза повноваженнями судової влади \(C1\)/).waitFor();
      await timeline.getByText('Розмову завершено').waitFor();

      const view = await (await page.request.get(`/api/v1/calls/${callId}`)).json() as { endReason: string; formOfAddress: string };
      assert.equal(view.endReason, 'completed');
      assert.equal(view.formOfAddress, 'пане Іване');
      assert.equal(appealPanelViolations, '', 'the appeal and forwarding panels beside the call are accessible');
    });

    test('A1, A3: a finished call keeps its appeal: reopened, it shows the card and forwarding, links to the appeal and back; «Мої звернення» lists it', async () => {
      const page = await run.open('operator');
      const callId = await startCall(page, '067 555 12 34');
      await page.getByRole('tab', { name: 'Звернення' }).click();
      const form = page.getByRole('form', { name: 'Усне звернення' });
      await form.getByLabel('Прізвище').fill('Шевчук');
      await form.getByLabel('Ім’я').fill('Іван');
      await form.getByLabel('По батькові').fill('Петрович');
      // Kyiv, where the demo courts sit: the forwarding panel then has courts to suggest.
      await form.getByLabel('Місце проживання').fill('м. Київ');
      await form.getByLabel('Суть питання').fill('Прошу надіслати копію ухвали у справі про поділ майна');
      await form.getByLabel('Прохання').check();
      const [registered] = await Promise.all([
        page.waitForResponse((candidate) => candidate.request().method() === 'POST' && new URL(candidate.url()).pathname === '/api/v1/appeals'),
        form.getByRole('button', { name: 'Зареєструвати звернення' }).click(),
      ]);
      const { id: appealId, registrationNumber: number } = (await registered.json()) as { id: string; registrationNumber: string };
      await page.getByTestId('registration-number').first().filter({ hasText: number }).waitFor();
      assert.equal((await apiPost(page, `/calls/${callId}/events`, { type: 'ended', reason: 'caller_hung_up' })).status, 201);
      await page.context().close();

      // Another browser, nothing kept in it: the call's page still shows the appeal registered on it.
      const again = await run.open('operator');
      await again.goto(`/operator/calls/${callId}`);
      await status(again).filter({ hasText: 'Завершено' }).waitFor();
      await again.getByRole('tab', { name: 'Звернення' }).click();
      const card = again.getByRole('region', { name: 'Звернення зареєстровано' });
      await card.waitFor();
      assert.equal(await card.getByTestId('registration-number').textContent(), number);
      await card.getByText('Шевчук Іван Петрович').waitFor();
      await card.getByText('Прошу надіслати копію ухвали у справі про поділ майна').waitFor();
      assert.equal(await again.getByRole('form', { name: 'Усне звернення' }).count(), 0, 'no new form inviting a second appeal');
      assert.equal(await again.getByTestId('repeat-warning').count(), 0, 'the call’s own appeal is not offered as a repeat');
      assert.equal(await again.getByTestId('forwarding-state').first().textContent(), 'Ще не направлено');
      await again.getByRole('button', { name: /^Обрати/ }).first().waitFor();
      // The server refuses a second appeal on the call, naming the first.
      const second = await apiPost(again, '/appeals', {
        callId, surname: 'Шевчук', givenName: 'Іван', patronymic: 'Петрович', residence: 'м. Житомир',
        essence: 'Інше питання: графік роботи канцелярії', kind: 'request', phone: '0675551234',
      });
      assert.equal(second.status, 409);
      assert.ok(second.body.detail?.includes(number), second.body.detail);

      // From the call to its appeal, and back.
      await card.getByRole('link', { name: `Картка звернення ${number}` }).click();
      await again.waitForURL(`**/operator/appeals/${appealId}`);
      await again.getByRole('heading', { name: `Звернення ${number}` }).waitFor();
      await again.getByText('Направлення за належністю').first().waitFor();
      await again.getByRole('link', { name: 'Відкрити дзвінок' }).click();
      await again.waitForURL(`**/operator/calls/${callId}`);

      // «Мої звернення»: the operator's own, newest first, with where each stands.
      await again.getByRole('link', { name: 'Мої звернення' }).first().click();
      await again.waitForURL('**/operator/appeals');
      await again.getByRole('heading', { name: 'Мої звернення' }).waitFor();
      const row = again.locator(`tr[data-appeal-id="${appealId}"]`);
      await row.waitFor();
      assert.equal(await again.locator('tr[data-appeal-id]').first().getAttribute('data-appeal-id'), appealId, 'the newest first');
      const text = (await row.textContent()) ?? '';
      for (const expected of [number, 'Шевчук Іван Петрович', 'зареєстровано', 'Ще не направлено']) assert.ok(text.includes(expected), `${expected} in «${text}»`);
      await assertAccessible(again);
      await screenshot(again, 'operator-my-appeals');
      await row.getByRole('link', { name: 'Відкрити дзвінок' }).click();
      await again.waitForURL(`**/operator/calls/${callId}`);
    });

    test('H1, H5: hold only after the caller consents; the clock turns amber, then red past the limit', async () => {
      const page = await run.open('operator');
      const callId = await startCall(page);
      await page.getByRole('tab', { name: 'Очікування' }).click();
      const start = page.getByRole('button', { name: 'Поставити на очікування' });
      assert.equal(await start.isDisabled(), true, 'no hold before consent');
      // The server refuses too.
      const refused = await apiPost(page, `/calls/${callId}/events`, { type: 'hold_started', callerConsented: false });
      assert.equal(refused.status, 422);
      assert.match(refused.body.detail ?? '', /лише з його згоди \(H1\)/);

      await page.getByLabel('Заявник погодився зачекати на лінії (H1)').check();
      await start.click();
      await waitForTimeline(page, 'hold_started');
      const clock = page.getByTestId('hold-clock');
      await clock.waitFor();
      assert.equal(await clock.getAttribute('data-hold-state'), 'normal');
      await clock.getByText(`Рекомендовано не довше 0:${HOLD_LIMIT_SECONDS} (H5)`).waitFor();
      await page.getByText('Поки заявник чекає: база знань — Alt+B, довідник судів — Alt+S.').waitFor();

      await page.locator('[data-testid="hold-clock"][data-hold-state="warning"]').waitFor({ timeout: SCHEDULED_CHANGE_MS });
      await clock.getByText(/Залишилося 0:\d\d: поверніться до заявника/).waitFor();
      assert.equal(await clock.evaluate((element) => getComputedStyle(element).backgroundColor), 'rgb(255, 212, 59)');
      await screenshot(page, 'operator-hold-amber');

      // Ending the call while the caller waits is refused, beside the button.
      await page.getByRole('button', { name: 'Завершити дзвінок', exact: true }).click();
      await page.getByText('Заявник очікує на лінії: спершу завершіть очікування').waitFor();

      await page.locator('[data-testid="hold-clock"][data-hold-state="over"]').waitFor({ timeout: SCHEDULED_CHANGE_MS });
      await clock.getByText(/Перевищено рекомендований час на 0:\d\d/).waitFor();
      assert.equal(await clock.evaluate((element) => getComputedStyle(element).backgroundColor), 'rgb(201, 42, 42)');
      const held = await clock.getByRole('timer').textContent();
      assert.ok(clockSeconds(held) >= HOLD_LIMIT_SECONDS, `the clock shows the hold past its limit: ${held}`);
      await assertNoHorizontalScroll(page);
      await assertAccessible(page);
      await screenshot(page, 'operator-hold-red');

      await page.getByRole('button', { name: 'Повернутися до заявника' }).click();
      await waitForTimeline(page, 'hold_ended');
      assert.equal(await clock.count(), 0);
      await page.getByRole('list', { name: '5. Хронологія дзвінка' }).getByText(/тривало \d+:\d\d · понад рекомендований час/).waitFor();
      await page.getByRole('button', { name: 'Завершити дзвінок', exact: true }).click();
      await status(page).filter({ hasText: 'Завершено' }).waitFor();
    });

    test('T1, T2: ten seconds of trying, then the Standard’s phrase and the hang-up for no audio', async () => {
      const page = await run.open('operator');
      const callId = await startCall(page);
      await page.getByRole('tab', { name: 'Поганий зв’язок' }).click();
      await page.getByRole('button', { name: 'Заявника не чути: почати спробу' }).click();
      await waitForTimeline(page, 'bad_audio_started');
      await page.locator('[data-bad-audio-state="trying"]').waitFor();
      const end = page.getByRole('button', { name: 'Сказати фразу й завершити дзвінок' });
      assert.equal(await end.isDisabled(), true);
      assert.equal(await page.getByText(`«${BAD_AUDIO_PHRASE}»`).count(), 0, 'the phrase waits for the ten seconds');
      await page.getByText('Завершити можна лише після 10 секунд спроб (T1).').waitFor();
      const early = await apiPost(page, `/calls/${callId}/events`, { type: 'ended', reason: 'no_audio' });
      assert.equal(early.status, 422);
      assert.match(early.body.detail ?? '', /щонайменше 10 секунд/);

      // T1's ten seconds run on the server's clock: the screen changes by itself once they are over.
      await page.locator('[data-bad-audio-state="may-end"]').waitFor({ timeout: SCHEDULED_CHANGE_MS });
      await page.getByText(`«${BAD_AUDIO_PHRASE}»`).waitFor();
      assert.equal(await end.isEnabled(), true);
      await end.evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await assertNoHorizontalScroll(page);
      await assertAccessible(page);
      await screenshot(page, 'operator-bad-audio');
      await end.click();
      await status(page).filter({ hasText: 'Завершено' }).waitFor();
      await page.getByText(/Дзвінок завершено о .*: Завершено через відсутність зв’язку \(T2\)\./).waitFor();
      assert.deepEqual((await timelineTypes(page)).slice(-2), ['bad_audio_started', 'ended']);
    });

    test('T1: "connection restored" ends the attempt and the call goes on', async () => {
      const page = await run.open('operator');
      await startCall(page);
      await page.getByRole('tab', { name: 'Поганий зв’язок' }).click();
      await page.getByRole('button', { name: 'Заявника не чути: почати спробу' }).click();
      await page.getByRole('button', { name: 'Зв’язок відновлено' }).click();
      await waitForTimeline(page, 'bad_audio_ended');
      await page.getByRole('list', { name: '5. Хронологія дзвінка' }).getByText(/зв’язок відновлено/).waitFor();
      assert.equal(await page.locator('[data-bad-audio-state]').count(), 0);
      await status(page).filter({ hasText: 'Триває' }).waitFor();
      await page.getByRole('button', { name: 'Завершити дзвінок', exact: true }).click();
      await status(page).filter({ hasText: 'Завершено' }).waitFor();
    });

    test('D3: ending for abuse is refused until the caller is warned, then allowed', async () => {
      const page = await run.open('operator');
      const callId = await startCall(page);
      await page.getByRole('tab', { name: 'Образи' }).click();
      const end = page.getByRole('button', { name: 'Завершити розмову через образи' });
      assert.equal(await end.isDisabled(), true, 'no ending for abuse before the warning');
      await page.getByText('Спершу попередьте заявника: без попередження завершити розмову не можна (D3).').waitFor();
      const refused = await apiPost(page, `/calls/${callId}/events`, { type: 'ended', reason: 'abusive_caller' });
      assert.equal(refused.status, 422);
      assert.match(refused.body.detail ?? '', /лише після попередження заявника \(D3\)/);

      // The warning needs its reason.
      await page.getByRole('button', { name: 'Попередження зроблено' }).click();
      await page.getByText('Оберіть, що саме сталося').waitFor();
      await page.getByLabel('Що сталося').selectOption('personal_insult');
      await page.locator('[data-script-line="abuse_warned"]').first().waitFor();
      await page.getByRole('button', { name: 'Попередження зроблено' }).click();
      await waitForTimeline(page, 'abuse_warning_given');
      await page.getByRole('list', { name: '5. Хронологія дзвінка' }).getByText('Особисті образи').waitFor();
      await page.getByText('«Через неприпустимі висловлювання я завершую розмову.»').waitFor();
      assert.equal(await end.isEnabled(), true);
      await end.evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await assertNoHorizontalScroll(page);
      await assertAccessible(page);
      await screenshot(page, 'operator-abuse');
      await end.click();
      await status(page).filter({ hasText: 'Завершено' }).waitFor();
      assert.deepEqual((await timelineTypes(page)).slice(-2), ['abuse_warning_given', 'ended']);
    });

    test('D1, D2, H3, H4: dissatisfaction with the apology, a transfer and a callback land on the timeline', async () => {
      const page = await run.open('operator');
      const callId = await startCall(page, '050 111 22 33');
      await page.getByRole('tab', { name: 'Незадоволення' }).click();
      await page.getByText('«Просимо вибачення за неякісне обслуговування, надалі ці недоліки ми обов’язково врахуємо в роботі та терміново їх усунемо»').waitFor();
      await page.getByLabel('Причина незадоволення').fill('Довго чекав на лінії');
      await page.getByLabel('Які заходи вжито').fill('Надано відповідь одразу');
      await page.getByLabel('Вибачення принесено (D2)').check();
      await page.getByRole('button', { name: 'Зафіксувати незадоволення' }).click();
      await waitForTimeline(page, 'caller_dissatisfied');
      await page.getByRole('list', { name: '5. Хронологія дзвінка' }).getByText(/Довго чекав на лінії · Надано відповідь одразу · вибачення принесено/).waitFor();

      await page.getByRole('tab', { name: 'Переключення, передзвонити' }).click();
      assert.equal(await page.getByLabel('Телефон для зворотного дзвінка').inputValue(), '+380501112233');
      await page.getByLabel('Що з’ясувати до зворотного дзвінка').fill('Дата засідання у справі');
      await page.getByRole('button', { name: 'Домовитися про зворотний дзвінок' }).click();
      await waitForTimeline(page, 'callback_requested');
      await page.getByText(/Зворотний дзвінок заплановано на/).waitFor();
      const callbacks = await (await page.request.get('/api/v1/callbacks?mine=true')).json() as { items: { callId: string; reason: string; queue: string }[] };
      const scheduled = callbacks.items.find((item) => item.callId === callId);
      assert.equal(scheduled?.reason, 'Дата засідання у справі');
      assert.equal(scheduled?.queue, 'assigned');

      await page.getByLabel('Кому переключено (ім’я або посада)').fill('Прес-секретар суду');
      await page.getByRole('button', { name: 'Зафіксувати переключення' }).click();
      await waitForTimeline(page, 'transferred');
      await page.getByRole('button', { name: 'Завершити: виклик переключено' }).click();
      await status(page).filter({ hasText: 'Завершено' }).waitFor();
      assert.deepEqual((await timelineTypes(page)).slice(2), ['caller_dissatisfied', 'callback_requested', 'transferred', 'ended']);
    });

    test('keyboard: the call is handled by its shortcuts alone, also with the cursor in a field', async () => {
      const page = await run.open('operator');
      await page.waitForURL('**/operator');
      await page.getByText('Alt+G').first().waitFor(); // the keys are listed on screen
      await page.getByRole('region', { name: 'Клавіші' }).getByText('Привітання сказано').waitFor();

      await page.keyboard.press('Alt+N');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-keyshortcuts')), 'Alt+N');
      await page.keyboard.type('0441234567');
      const opening = page.waitForResponse((candidate) => candidate.request().method() === 'POST' && new URL(candidate.url()).pathname === '/api/v1/calls');
      // Alt+G at once after the Enter, before the new call's script is on screen: it greets the new caller.
      await page.keyboard.press('Enter');
      await page.keyboard.press('Alt+G');
      const { id } = (await (await opening).json()) as { id: string };
      await page.locator(`[data-call-id="${id}"]`).getByRole('heading', { name: '1. Початок розмови' }).waitFor();
      await waitForTimeline(page, 'greeted');
      await page.keyboard.press('Alt+A');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-keyshortcuts')), 'Alt+A');
      await page.keyboard.type('пані Олено');
      await page.keyboard.press('Enter');
      await waitForTimeline(page, 'form_of_address_recorded');
      await page.locator('[data-script-line="help_offered"]', { hasText: 'Пані Олено, чим можу Вам допомогти?' }).waitFor();

      // Hold by keys: the first Alt+H goes to the consent, Space records it, Alt+H starts, Alt+H ends.
      await page.keyboard.press('Alt+H');
      await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent === 'Заявник погодився зачекати на лінії (H1)');
      await page.keyboard.press('Space');
      await page.keyboard.press('Alt+H');
      await waitForTimeline(page, 'hold_started');
      await page.getByTestId('hold-clock').waitFor();
      await page.keyboard.press('Alt+H');
      await waitForTimeline(page, 'hold_ended');

      // With the cursor in a field, a step's shortcut still does the step.
      await page.keyboard.press('Alt+T');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-keyshortcuts')), 'Alt+T');
      await page.keyboard.press('Alt+K');
      await waitForTimeline(page, 'understanding_confirmed');
      await page.keyboard.press('Alt+C');
      await waitForTimeline(page, 'closing_phrase_said');
      await page.keyboard.press('Alt+X');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-keyshortcuts')), 'Alt+X');
      await page.keyboard.press('Enter');
      await status(page).filter({ hasText: 'Завершено' }).waitFor();
      assert.deepEqual(await timelineTypes(page), [
        'offered', 'answered', 'greeted', 'form_of_address_recorded', 'hold_started', 'hold_ended', 'understanding_confirmed', 'closing_phrase_said', 'ended',
      ]);

      // The side panels open by their keys too.
      await page.keyboard.press('Alt+S');
      assert.equal(await page.getByRole('tab', { name: 'Довідник судів' }).getAttribute('aria-selected'), 'true');
      await page.keyboard.press('Alt+B');
      assert.equal(await page.getByRole('tab', { name: 'База знань' }).getAttribute('aria-selected'), 'true');
    });

    test('keyboard: Alt+G right after the Enter that opens the next call greets the next caller, never the call on screen', async () => {
      const page = await run.open('operator');
      const onScreen = await startCall(page, '0441112233');
      await page.keyboard.press('Alt+N');
      await page.keyboard.type('0442223344');
      const opening = page.waitForResponse((candidate) => candidate.request().method() === 'POST' && new URL(candidate.url()).pathname === '/api/v1/calls');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Alt+G');
      // A panel beside the calls answers at once, whichever call is on screen.
      await page.keyboard.press('Alt+S');
      const { id } = (await (await opening).json()) as { id: string };
      await page.waitForURL(`**/operator/calls/${id}`);
      await waitForTimeline(page, 'greeted');
      assert.equal(await page.getByRole('tab', { name: 'Довідник судів' }).getAttribute('aria-selected'), 'true');
      const left = (await (await page.request.get(`/api/v1/calls/${onScreen}`)).json()) as { timeline: { type: string }[] };
      assert.deepEqual(left.timeline.map((event) => event.type), ['offered', 'answered'], 'the call left was not greeted');
    });

    test('a call the PBX rings at the operator’s extension appears by itself, with the caller recognised, is picked up on screen, and an ending for abuse (D3) asks the exchange to hang up', async () => {
      const admin = await run.open('admin');
      const csrf = (await admin.context().cookies()).find((cookie) => cookie.name === 'dovira_csrf')?.value ?? '';
      const asAdmin = { 'x-csrf-token': csrf };
      const operators = await (await admin.request.get('/api/v1/users?role=operator')).json() as { items: { id: string; login: string }[] };
      const operatorId = operators.items.find((user) => user.login === 'operator')!.id;
      const pbx = await (await admin.request.post('/api/v1/users', {
        headers: asAdmin,
        data: { login: 'pbx-browser', fullName: 'Телефонна станція', role: 'pbx', password: 'pbx-browser-pass-1' },
      })).json() as { id: string };
      const issued = await (await admin.request.post(`/api/v1/users/${pbx.id}/api-tokens`, { headers: asAdmin, data: { name: 'browser test' } })).json() as { token: string };
      assert.ok(issued.token, 'the PBX token was issued');
      assert.equal((await admin.request.put('/api/v1/telephony/extensions/1017', { headers: asAdmin, data: { operatorId } })).status(), 200);

      const page = await run.open('operator');
      await page.waitForURL('**/operator');
      const offered = await admin.request.post('/api/v1/telephony/events', {
        headers: { authorization: `Bearer ${issued.token}` },
        data: { eventId: 'browser-1', callId: 'browser-call-1@pbx', type: 'offered', timestamp: new Date().toISOString(), from: '+380671234567', to: '1017', direction: 'inbound' },
      });
      assert.equal(offered.status(), 200);

      // Nothing clicked: the ringing call opens on the operator's screen.
      await page.waitForURL(/\/operator\/calls\//, { timeout: 20_000 });
      await status(page).filter({ hasText: 'Дзвонить' }).waitFor();
      await page.getByText('Дзвонить 1 дзвінок: прийміть його').waitFor();
      // The same number called in the first test: offered for reference, not merged.
      await page.getByTestId('caller-history').getByText('Цей номер уже звертався').waitFor();
      await page.getByTestId('caller-history').getByText(/Попередні дзвінки: \d+/).waitFor();
      await assertAccessible(page);
      await screenshot(page, 'operator-pbx-ringing');
      await page.getByRole('button', { name: /Прийняти дзвінок: 067 123 4567/ }).click();
      await status(page).filter({ hasText: 'Триває' }).waitFor();
      await page.getByRole('heading', { name: '1. Початок розмови' }).waitFor();
      assert.deepEqual(await timelineTypes(page), ['offered', 'answered']);
      await page.getByRole('list', { name: '5. Хронологія дзвінка' }).getByText('АТС').waitFor();

      // D3 on a call from the exchange: Dovira asks the exchange to hang up too. This test server
      // has no exchange control configured, so the operator is told plainly to hang up the phone.
      await page.getByRole('tab', { name: 'Образи' }).click();
      await page.getByLabel('Що сталося').selectOption('obscene_language');
      await page.getByRole('button', { name: 'Попередження зроблено' }).click();
      await waitForTimeline(page, 'abuse_warning_given');
      await page.getByRole('button', { name: 'Завершити розмову через образи' }).click();
      await status(page).filter({ hasText: 'Завершено' }).waitFor();
      const alert = page.getByRole('alert').filter({ hasText: 'АТС не завершила з’єднання' });
      await alert.getByText(/Керування АТС у Dovira не налаштовано.*Покладіть слухавку на телефоні/).waitFor();
    });

    test('the screen reads in English too', async () => {
      const page = await run.open('operator');
      await page.getByText('English').click();
      await page.getByRole('heading', { name: 'Operator workspace' }).waitFor();
      await startCallEnglish(page);
      await page.getByRole('button', { name: 'Greeting and introduction said' }).waitFor();
      await page.getByRole('tab', { name: 'Hold' }).waitFor();
      await assertAccessible(page);
      await page.getByRole('button', { name: 'End the call', exact: true }).click();
      await status(page).filter({ hasText: 'Ended' }).waitFor();
      await page.getByText('Українська').click();
      await page.getByRole('heading', { name: 'Робоче місце оператора' }).waitFor();
    });

    test('no page wrote an error to its console', () => {
      assert.deepEqual(run.pageErrors, []);
    });
  });
}

async function startCallEnglish(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New call' }).click();
  await page.getByRole('heading', { name: '1. Opening the call' }).waitFor();
}
