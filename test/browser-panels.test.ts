// (page.evaluate callbacks run in the browser: hence the DOM types)
/// <reference lib="dom" />
// The panels beside a call, driven as the operator uses them on the call screen: the oral appeal
// form (A1), forwarding it the same day (A3), the knowledge base (H2) and the court directory; and
// the forwarding panel on the supervisor's appeal page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessibilityViolations, browserUnavailable, describeViolations, screenshot, startBrowserRun, type BrowserRun } from './browser.ts';

const unavailable = browserUnavailable();

const PHONE = '067 555 12 34';
const ESSENCE = 'Прошу повідомити дату судового засідання у справі про стягнення аліментів';

interface Listed {
  id: string;
  registrationNumber: string;
  essence: string;
  applicant: { phone: string };
  status: string;
}

/** A write through the page's own session, with its CSRF token, as the app itself sends it. */
async function apiInPage(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  return page.evaluate(async ({ method, path, body }) => {
    const csrf = document.cookie.split(';').map((part) => part.trim().split('=')).find(([key]) => key === 'dovira_csrf')?.[1];
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }, { method, path, body });
}

/** The appeal form beside the call (the call screen has fields of its own with similar names). */
const form = (page: Page) => page.getByRole('form', { name: 'Усне звернення' });

async function isFocused(page: Page, label: string): Promise<boolean> {
  return form(page).getByLabel(label).evaluate((element) => element === document.activeElement);
}

describe('browser: appeal form, forwarding, knowledge and directory panels', { skip: unavailable }, () => {
  let run: BrowserRun;
  let operator: Page;
  let registeredNumber = '';
  let registeredId = '';

  before(async () => {
    // A gateway address nobody listens on: sending an SMS fails, and the panel must say so.
    run = await startBrowserRun({ SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms' });
    operator = await run.open('operator');
    // The machine is shared: give a slow moment room before calling it a failure.
    operator.setDefaultTimeout(60_000);
    await operator.getByLabel('Телефон заявника (необов’язково)').waitFor({ timeout: 60_000 });
  });
  after(async () => {
    await run?.close();
  });

  /** Starts a call from the operator screen and opens the appeal tab beside it. */
  async function newCallWithAppealTab(page: Page, phone: string): Promise<void> {
    await page.getByLabel('Телефон заявника (необов’язково)').fill(phone);
    await page.getByRole('button', { name: 'Новий дзвінок' }).click();
    await page.waitForURL('**/operator/calls/*');
    await page.getByRole('tab', { name: /Звернення/ }).click();
    await page.getByRole('heading', { name: 'Усне звернення' }).waitFor();
  }

  test('A1: a missing mandatory field is refused beside it, the focus goes there and everything typed stays', async () => {
    await newCallWithAppealTab(operator, PHONE);
    // The contact phone comes from the call (as the call stored it).
    assert.equal(await form(operator).getByLabel('Контактний телефон').inputValue(), '+380675551234');
    await form(operator).getByLabel('Прізвище').fill('Шевчук');
    await form(operator).getByLabel('Ім’я').fill('Іван');
    await form(operator).getByLabel('Місце проживання').fill('м. Київ, вул. Хрещатик, 1');
    await form(operator).getByLabel('Суть питання').fill(ESSENCE);
    await form(operator).getByRole('radio', { name: 'Прохання' }).check();
    await form(operator).getByRole('button', { name: 'Зареєструвати звернення' }).click();

    const patronymic = form(operator).getByLabel('По батькові');
    await operator.getByText('По батькові: поле обов’язкове').waitFor();
    assert.equal(await patronymic.getAttribute('aria-invalid'), 'true');
    // The message is tied to the field, so a screen reader reads it with the field.
    const describedBy = (await patronymic.getAttribute('aria-describedby')) ?? '';
    const described = await operator.evaluate((ids) => ids.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '), describedBy);
    assert.match(described, /По батькові: поле обов’язкове/);
    assert.ok(await isFocused(operator, 'По батькові'), 'the focus is on the first wrong field');
    assert.equal(await form(operator).getByLabel('Прізвище').inputValue(), 'Шевчук');
    assert.equal(await form(operator).getByLabel('Суть питання').inputValue(), ESSENCE);
    assert.ok(await form(operator).getByRole('radio', { name: 'Прохання' }).isChecked());

    // A phone the rules cannot read is named beside the phone field, in the shared rule's words.
    await form(operator).getByLabel('Контактний телефон').fill('12345');
    await form(operator).getByRole('button', { name: 'Зареєструвати звернення' }).click();
    await operator.getByText('Контактний телефон: вкажіть номер у форматі 0XX XXX XX XX або з кодом країни, напр. +49 30 5557 1600').waitFor();
    await form(operator).getByRole('heading', { name: 'Усне звернення' }).scrollIntoViewIfNeeded();
    await screenshot(operator, 'appeal-form-errors');
    assert.equal(describeViolations(await accessibilityViolations(operator)), '');

    // Nothing reached the register.
    const listed = await operator.request.get('/api/v1/appeals?limit=100');
    assert.equal((await listed.json() as { items: Listed[] }).items.length, 0);
  });

  test('A1: the server’s field errors land beside their fields; a request whose answer is lost keeps the data; the retry registers exactly one appeal', async () => {
    await form(operator).getByLabel('По батькові').fill('Петрович');
    await form(operator).getByLabel('Контактний телефон').fill(PHONE);
    const keys: string[] = [];
    let attempt = 0;
    await operator.route('**/api/v1/appeals', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      attempt += 1;
      if (attempt === 1) {
        // A refusal the browser's own check could not foresee, named by field as the API names it.
        return route.fulfill({
          status: 400,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'urn:dovira:problem:validation', title: 'Некоректний запит', status: 400, detail: 'Місце проживання: сервер не прийняв цю адресу', errors: [{ field: 'residence', message: 'Місце проживання: сервер не прийняв цю адресу' }] }),
        });
      }
      if (attempt > 2) return route.fallback();
      // The server registers it, but the answer never reaches the browser.
      await route.fetch();
      await route.abort('connectionreset');
    });
    await form(operator).getByRole('button', { name: 'Зареєструвати звернення' }).click();
    await form(operator).getByText('Місце проживання: сервер не прийняв цю адресу').waitFor();
    assert.ok(await isFocused(operator, 'Місце проживання'), 'the focus is on the field the server named');
    await form(operator).getByText('Не заповнено або заповнено з помилкою 1 поле: виправте позначене червоним.').waitFor();

    await form(operator).getByRole('button', { name: 'Зареєструвати звернення' }).click();
    await operator.getByRole('alert').getByText('Немає зв’язку з сервером').waitFor();
    assert.equal(await form(operator).getByLabel('Прізвище').inputValue(), 'Шевчук');
    assert.equal(await form(operator).getByLabel('По батькові').inputValue(), 'Петрович');
    assert.equal(await form(operator).getByLabel('Суть питання').inputValue(), ESSENCE);

    // The operator corrects something before retrying. The lost attempt did register, so the retry
    // is refused as a different request under the same key, and the form takes the registered one.
    await form(operator).getByLabel('Місце проживання').fill('м. Київ, вул. Хрещатик, 1, кв. 5');
    await form(operator).getByRole('button', { name: 'Зареєструвати звернення' }).click();
    const number = operator.getByTestId('registration-number').first();
    await number.waitFor();
    await operator.getByText(/^Перша спроба дійшла до сервера/).waitFor();
    registeredNumber = (await number.textContent()) ?? '';
    assert.match(registeredNumber, /^ЄКЦ-\d{4}-\d{6}$/);
    assert.match((await operator.getByTestId('lookup-code').first().textContent()) ?? '', /\S{6,}/);
    await operator.unroute('**/api/v1/appeals');
    assert.equal(keys.length, 4);
    assert.ok(keys.every((key) => key === keys[0]), 'every attempt of this form fill carries the same Idempotency-Key');
    assert.ok(keys[0]!.length > 10);

    const listed = (await (await operator.request.get('/api/v1/appeals?limit=100')).json() as { items: Listed[] }).items;
    const mine = listed.filter((appeal) => appeal.essence === ESSENCE);
    assert.equal(mine.length, 1, 'exactly one appeal in the register');
    assert.equal(mine[0]!.registrationNumber, registeredNumber);
    assert.equal((mine[0] as Listed & { applicant: { residence: string } }).applicant.residence, 'м. Київ, вул. Хрещатик, 1');
    registeredId = mine[0]!.id;
    await screenshot(operator, 'appeal-registered');

    // After a reload the call's appeal is shown as registered, not as an empty form inviting a second one.
    await operator.reload();
    await operator.getByRole('tab', { name: /Звернення/ }).click();
    await operator.getByRole('heading', { name: 'Звернення зареєстровано' }).waitFor();
    assert.equal(await operator.getByTestId('registration-number').textContent(), registeredNumber);
    assert.equal(await form(operator).count(), 0);
  });

  test('A3: the appeal is forwarded to a suggested court the same day, with its letter; the applicant notices are honest', async () => {
    await operator.getByText('Направити сьогодні, до кінця дня').waitFor();
    assert.equal(await operator.getByTestId('forwarding-state').textContent(), 'Ще не направлено');
    // The residence names Kyiv, so the demo court in Kyiv is suggested, with the reason.
    await operator.getByText('Регіон із місця проживання: м. Київ.').waitFor();
    // The region's courts are offered; the national bodies, which nothing in the essence points to,
    // wait folded at the end, each named once (its kind repeats its name, so it is not printed).
    const offered = operator.getByRole('list', { name: 'Запропоновані органи' });
    assert.deepEqual((await offered.getByRole('button', { name: /^Обрати: / }).allTextContents()).length, 2);
    assert.match(await offered.textContent() ?? '', /Демонстраційний районний суд \(демо\)/);
    assert.doesNotMatch(await offered.textContent() ?? '', /Верховний Суд/);
    const national = operator.getByTestId('national-bodies');
    assert.equal(await national.locator('summary').textContent(), 'Загальнодержавні органи (9)');
    assert.equal(await national.getByRole('button', { name: 'Обрати: Верховний Суд' }).isVisible(), false, 'folded');
    await national.locator('summary').click();
    const supreme = national.getByRole('listitem').filter({ has: operator.getByRole('button', { name: 'Обрати: Верховний Суд' }) });
    assert.equal(((await supreme.textContent()) ?? '').split('Верховний Суд').length - 1, 1, 'the name printed once');
    await national.locator('summary').click();
    assert.equal(describeViolations(await accessibilityViolations(operator)), '');
    await operator.getByTestId('forwarding-deadline').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshot(operator, 'forwarding-suggestions');
    await operator.getByRole('button', { name: 'Обрати: Демонстраційний районний суд (демо)' }).click();
    await operator.getByRole('heading', { name: 'Демонстраційний районний суд (демо)' }).waitFor();
    await operator.getByRole('button', { name: 'Направити до: Демонстраційний районний суд (демо)' }).click();

    await operator.getByTestId('forwarded-to').getByText('Демонстраційний районний суд (демо)').waitFor();
    assert.equal(await operator.getByTestId('forwarding-state').textContent(), 'Направлено, очікуємо підтвердження отримання');
    await operator.getByText('Строк A3 дотримано').waitFor();
    const letter = operator.getByRole('link', { name: 'Супровідний лист (PDF)' });
    const href = await letter.getAttribute('href');
    assert.equal(href, `/api/v1/appeals/${registeredId}/forwarding-letter.pdf`);
    const pdf = await operator.request.get(href!);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');

    // The first answer is lost after the server recorded the notice: the retry sends the same
    // Idempotency-Key and the history shows one notice, not two.
    const informKeys: string[] = [];
    await operator.route('**/applicant-informed', async (route) => {
      informKeys.push(route.request().headers()['idempotency-key'] ?? '');
      if (informKeys.length > 1) return route.fallback();
      await route.fetch();
      await route.abort('connectionreset');
    });
    await operator.getByRole('button', { name: 'Повідомлено під час дзвінка' }).click();
    await operator.getByRole('alert').filter({ hasText: 'Заявника не повідомлено' }).waitFor();
    await operator.getByRole('button', { name: 'Повідомлено під час дзвінка' }).click();
    await operator.getByText(/^під час дзвінка, .* — зафіксовано$/).waitFor();
    await operator.unroute('**/applicant-informed');
    assert.equal(informKeys.length, 2);
    assert.equal(informKeys[0], informKeys[1], 'the retry carries the first attempt’s key');
    assert.equal(await operator.getByText(/^під час дзвінка, .* — зафіксовано$/).count(), 1, 'one notice recorded');
    await operator.getByRole('button', { name: 'Надіслати SMS' }).click();
    await operator.getByRole('alert').getByText(/SMS не надіслано: SMS-шлюз недоступний/).waitFor();
    // No e-mail was given, so there is nothing to send a letter to.
    assert.ok(await operator.getByRole('button', { name: 'Надіслати лист' }).isDisabled());
    await operator.getByText('Заявник не залишив електронної адреси').waitFor();
    await operator.getByTestId('forwarding-details').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await screenshot(operator, 'forwarding');
    assert.equal(describeViolations(await accessibilityViolations(operator)), '');
  });

  test('A1: the same phone with a similar matter is warned about with the earlier number, without blocking', async () => {
    await newCallWithAppealTab(operator, PHONE);
    await form(operator).getByLabel('Суть питання').fill('Прошу повідомити дату засідання у справі про стягнення аліментів з батька');
    const warning = operator.getByTestId('repeat-warning');
    await warning.getByText('Можливо, повторне звернення').waitFor();
    await warning.getByText(new RegExp(`^${registeredNumber} від `)).waitFor();
    assert.equal(describeViolations(await accessibilityViolations(operator)), '');
    await form(operator).getByLabel('Прізвище').fill('Шевчук');
    await form(operator).getByLabel('Ім’я').fill('Іван');
    await form(operator).getByLabel('По батькові').fill('Петрович');
    await form(operator).getByLabel('Місце проживання').fill('с. Іванівка, Житомирська обл.');
    await form(operator).getByRole('radio', { name: 'Скарга' }).check();
    await form(operator).getByLabel('Електронна пошта (якщо є)').fill('ivan.shevchuk@example.org');
    await form(operator).getByRole('button', { name: 'Зареєструвати звернення' }).click();
    const number = operator.getByTestId('registration-number').first();
    await number.waitFor();
    assert.notEqual(await number.textContent(), registeredNumber);
    // The region comes from the residence; the suggestions are that region's.
    await operator.getByText('Регіон із місця проживання: Житомирська область.').waitFor();

    // The directory is the fallback: a body outside the suggestions can be found and chosen; the
    // Constitutional Court is found but cannot be chosen.
    const fallback = operator.getByLabel('Знайти інший орган у довіднику');
    await fallback.fill('конституційний');
    await operator.getByText('Не належить до судової влади: звернення до нього не направляють.').waitFor();
    assert.equal(await operator.getByRole('button', { name: 'Обрати: Конституційний Суд України' }).count(), 0);
    await fallback.fill('демонстраційний апеляц');
    await operator.getByRole('button', { name: 'Обрати: Демонстраційний апеляційний суд (демо)' }).click();
    await operator.getByRole('button', { name: 'Направити до: Демонстраційний апеляційний суд (демо)' }).click();
    await operator.getByTestId('forwarded-to').getByText('Демонстраційний апеляційний суд (демо)').waitFor();
    // With an e-mail given, the letter to the applicant can be sent; it waits in the outbox.
    await operator.getByRole('button', { name: 'Надіслати лист' }).click();
    await operator.getByText(/^електронною поштою, .* — лист у черзі на відправлення$/).waitFor();
  });

  test('H2: the knowledge base finds an article by a Ukrainian word form, marks the match and opens it', async () => {
    await operator.getByRole('tab', { name: /База знань/ }).click();
    const search = operator.getByLabel('Пошук у базі знань');
    await operator.getByText('Що шукати?').waitFor();
    await search.fill('справі');
    const open = operator.getByRole('button', { name: 'Відкрити статтю: Як дізнатися стан розгляду справи' });
    // The recent articles show without marks; the search result marks the matched word.
    await open.locator('mark').first().waitFor();
    assert.match((await open.locator('mark').first().textContent()) ?? '', /^справи$/i);
    await screenshot(operator, 'knowledge');
    assert.equal(describeViolations(await accessibilityViolations(operator)), '');
    await open.click();
    const heading = operator.getByRole('heading', { name: 'Як дізнатися стан розгляду справи' });
    await heading.waitFor();
    assert.ok(await heading.evaluate((element) => element === document.activeElement), 'the focus moves to the opened article');
    await operator.getByRole('link', { name: 'court.gov.ua', exact: true }).waitFor();
    await operator.getByText('Не перевірено керівником').waitFor();
    await screenshot(operator, 'knowledge-article');
    assert.equal(describeViolations(await accessibilityViolations(operator)), '');
    await operator.getByRole('button', { name: 'До результатів пошуку' }).click();
    await open.waitFor();
    await search.fill('гвинтокрил');
    await operator.getByRole('paragraph').filter({ hasText: 'За «гвинтокрил» нічого не знайдено' }).waitFor();
    await operator.getByText(/Спробуйте одне головне слово/).waitFor();
  });

  test('the directory finds a court by part of its name and shows what the directory holds for it', async () => {
    await operator.getByRole('tab', { name: /Довідник судів/ }).click();
    await operator.getByText('Кого шукаємо?').waitFor();
    await operator.getByLabel('Пошук суду чи органу').fill('верховн');
    await operator.getByRole('heading', { name: 'Верховний Суд', exact: true }).waitFor();
    await operator.getByLabel('Пошук суду чи органу').fill('демонстраційний районн');
    await operator.getByRole('heading', { name: 'Демонстраційний районний суд (демо)' }).waitFor();
    await operator.getByText('місцевий загальний суд · перша інстанція · м. Київ').waitFor();
    await screenshot(operator, 'directory');
    await operator.getByLabel('Пошук суду чи органу').fill('неіснуючийсуд');
    await operator.getByRole('paragraph').filter({ hasText: 'За «неіснуючийсуд» нічого не знайдено' }).waitFor();
    assert.equal(describeViolations(await accessibilityViolations(operator)), '');
  });

  test('A3: on the supervisor’s appeal page the panel follows the body’s receipt and answer', async () => {
    const clerk = await run.open('clerk');
    clerk.setDefaultTimeout(60_000);
    await clerk.waitForURL('**/clerk');
    assert.equal((await apiInPage(clerk, 'POST', `/clerk/inbox/${registeredId}/acknowledge`, {})).status, 200);
    const supervisor = await run.open('supervisor');
    supervisor.setDefaultTimeout(60_000);
    await supervisor.goto(`/supervisor/appeals/${registeredId}`);
    await supervisor.getByTestId('forwarding-state').getByText('Отримано органом, розглядається').waitFor();
    await supervisor.getByText('Отримання підтверджено').first().waitFor();
    await supervisor.getByText(/^Розгляд — до /).first().waitFor();
    assert.equal((await apiInPage(clerk, 'POST', `/clerk/inbox/${registeredId}/answer`, { summary: 'Дату засідання повідомлено листом' })).status, 200);
    await supervisor.reload();
    await supervisor.getByTestId('forwarding-state').getByText('Відповідь надано').waitFor();
    await supervisor.getByText('Дату засідання повідомлено листом').first().waitFor();
  });

  test('no page wrote an error to its console', () => {
    assert.deepEqual(run.pageErrors, []);
  });
});
