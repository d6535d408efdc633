// (page.evaluate callbacks run in the browser: hence the DOM types)
/// <reference lib="dom" />
// The admin's screens in a real browser: users (G3's operator number, refusals kept next to the
// field, lifting a login's back-off), API tokens for machine users only, each shown once and valid
// until a chosen day, the greeting boundaries (G2), extensions, the audit trail and blocked numbers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { greeting } from '../src/standard/greeting.ts';
import { accessibilityViolations, browserUnavailable, describeViolations, screenshot, startBrowserRun, type BrowserRun } from './browser.ts';

const unavailable = browserUnavailable();

/** The text a screen reader announces with a field: its description and its error. */
async function announced(field: Locator): Promise<string> {
  return field.evaluate((element) => (element.getAttribute('aria-describedby') ?? '')
    .split(/\s+/).filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | '));
}

async function waitForAnnounced(field: Locator, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = '';
  while (Date.now() < deadline) {
    last = await announced(field);
    if (last.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`the field should announce «${text}», it announces «${last}»`);
}

async function axeClean(page: Page): Promise<void> {
  assert.equal(describeViolations(await accessibilityViolations(page)), '');
}

/** A write through the admin's own session, as the screens make it (cookie + CSRF token). */
async function apiAs(page: Page, method: 'PUT' | 'POST', path: string, data: unknown): Promise<number> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'dovira_csrf')?.value ?? '';
  const response = await page.request.fetch(`/api/v1${path}`, { method, data, headers: { 'x-csrf-token': csrf } });
  return response.status();
}

describe('browser: the admin screens', { skip: unavailable }, () => {
  let run: BrowserRun;
  let admin: Page;
  let operatorId = '';
  const NEW_OPERATOR = { login: 'olha.bondar', fullName: 'Ольга Василівна Бондар', email: 'olha.bondar@example.org', password: 'bondar-pass-42' };

  before(async () => {
    run = await startBrowserRun({ DOVIRA_LOGIN_MAX_FAILURES: '3' });
    admin = await run.open('admin');
    await admin.waitForURL('**/admin/users');
  });
  after(async () => {
    await run?.close();
  });

  test('G3: an operator needs a free operator number; each refusal sits next to the field and keeps what was typed; the new operator then logs in', async () => {
    await admin.getByRole('table', { name: 'Користувачі Dovira, новіші вгорі' }).getByText('Олена Петрівна Коваленко').waitFor();
    await admin.getByRole('link', { name: 'Новий користувач' }).click();
    await admin.waitForURL('**/admin/users/new');
    await admin.getByRole('heading', { name: 'Новий користувач' }).waitFor();

    const login = admin.getByLabel('Логін');
    const fullName = admin.getByLabel('Повне ім’я');
    const number = admin.getByLabel('Номер оператора');
    const email = admin.getByLabel('Електронна пошта');
    const password = admin.getByLabel('Початковий пароль');
    await login.fill(NEW_OPERATOR.login);
    await fullName.fill(NEW_OPERATOR.fullName);
    assert.equal(await admin.getByLabel(/^Роль/).inputValue(), 'operator');
    await number.fill('17'); // the demo operator's number
    await email.fill(NEW_OPERATOR.email);
    await password.fill(NEW_OPERATOR.password);
    const submit = admin.getByRole('button', { name: 'Створити користувача' });
    await submit.click();

    await waitForAnnounced(number, 'Номер зайнятий');
    assert.equal(await number.getAttribute('aria-invalid'), 'true');
    await admin.getByRole('alert').getByText('Такий номер оператора вже має інший оператор').waitFor();
    await admin.getByRole('alert').getByText('Введені дані збережено у формі').waitFor();
    const kept = async (operatorNumber: string) => {
      assert.equal(await login.inputValue(), NEW_OPERATOR.login);
      assert.equal(await fullName.inputValue(), NEW_OPERATOR.fullName);
      assert.equal(await number.inputValue(), operatorNumber);
      assert.equal(await email.inputValue(), NEW_OPERATOR.email);
      assert.equal(await password.inputValue(), NEW_OPERATOR.password);
    };
    await kept('17');
    await axeClean(admin);
    await screenshot(admin, 'admin-user-create-refused');

    // Without a number at all: G3 cannot be said, so the server refuses it, again next to the field.
    await number.fill('');
    await submit.click();
    await waitForAnnounced(number, 'Оператору потрібен номер («Оператор № …»)');
    await kept('');
    assert.equal(admin.url().endsWith('/admin/users/new'), true);

    await number.fill('42');
    assert.equal(await announced(number).then((text) => text.includes('Оператору потрібен номер')), false, 'an edited field drops the old refusal');
    await submit.click();
    await admin.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
    operatorId = admin.url().split('/').at(-1)!;
    await admin.getByRole('heading', { name: `Користувач ${NEW_OPERATOR.fullName}` }).waitFor();
    assert.equal(await admin.getByLabel('Номер оператора').inputValue(), '42');

    // The new operator signs in through the login form, in a browser of their own.
    const theirs = await run.open(null);
    await theirs.getByLabel('Логін').fill(NEW_OPERATOR.login);
    await theirs.getByLabel('Пароль').fill(NEW_OPERATOR.password);
    await theirs.getByRole('button', { name: 'Увійти' }).click();
    await theirs.waitForURL('**/operator');
    await theirs.getByText(`${NEW_OPERATOR.fullName} · Оператор № 42`).waitFor();
    await theirs.close();
  });

  test('the users list shows role, number and a lock; the admin unlocks the account and the operator gets in', async () => {
    // Three wrong passwords (DOVIRA_LOGIN_MAX_FAILURES=3 here) pause the login, right password or not.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await fetch(`${run.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: NEW_OPERATOR.login, password: 'not-the-password' }) });
      assert.equal(response.status, 401);
    }
    const locked = await fetch(`${run.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: NEW_OPERATOR.login, password: NEW_OPERATOR.password }) });
    assert.equal(locked.status, 429);
    assert.equal(locked.headers.get('retry-after'), '60');

    await admin.getByRole('link', { name: 'Користувачі', exact: true }).click();
    await admin.waitForURL('**/admin/users');
    const row = admin.locator(`tr[data-user-login="${NEW_OPERATOR.login}"]`);
    await row.getByText('Заблоковано до').waitFor();
    await admin.mouse.move(700, 10); // off the menu entry just clicked, whose hover tint is the shell's
    const cells = (await row.locator('td').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    assert.deepEqual(cells.slice(0, 5), [NEW_OPERATOR.login, NEW_OPERATOR.fullName, 'Оператор', '42', NEW_OPERATOR.email]);
    assert.match(cells[5]!, /^Активний Заблоковано до \d\d\.\d\d\.\d\d, \d\d:\d\d$/i);
    await axeClean(admin);
    await screenshot(admin, 'admin-users');

    await row.getByRole('link', { name: `Змінити користувача ${NEW_OPERATOR.login}` }).click();
    await admin.getByText('Обліковий запис заблоковано після невдалих спроб входу').waitFor();
    assert.equal(await admin.getByRole('heading', { name: 'API-токени' }).count(), 0, 'a person is offered no API tokens');
    await admin.getByRole('button', { name: 'Розблокувати зараз' }).click();
    await admin.getByRole('status').getByText('Обліковий запис розблоковано').waitFor();
    await admin.getByText('Обліковий запис не заблоковано.').waitFor();
    const unlocked = await fetch(`${run.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: NEW_OPERATOR.login, password: NEW_OPERATOR.password }) });
    assert.equal(unlocked.status, 200);
  });

  test('an API token for the exchange is valid until a chosen day, shown once, copies, opens the event API only and stops working when revoked', async () => {
    await admin.goto('/admin/users/new');
    await admin.getByLabel('Логін').fill('pbx-main');
    await admin.getByLabel('Повне ім’я').fill('Телефонна станція головного офісу');
    await admin.getByLabel(/^Роль/).selectOption('pbx');
    assert.equal(await admin.getByLabel('Номер оператора').count(), 0, 'only operators have a number');
    await admin.getByRole('button', { name: 'Згенерувати пароль' }).click();
    assert.match(await admin.getByLabel('Початковий пароль').inputValue(), /^[A-Za-z0-9]{16}$/);
    await admin.getByRole('button', { name: 'Створити користувача' }).click();
    await admin.getByRole('heading', { name: 'Користувач Телефонна станція головного офісу' }).waitFor();
    await admin.getByText('У користувача немає API-токенів').waitFor();

    // A token needs a name: said next to the field, nothing sent. It is valid for a year unless the admin picks another day.
    const kyivDay = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' }).format(new Date(Date.now() + days * 24 * 3_600_000));
    const validUntil = admin.getByLabel('Чинний до (включно)');
    assert.equal(await validUntil.inputValue(), kyivDay(365));
    await admin.getByRole('button', { name: 'Видати токен' }).click();
    await waitForAnnounced(admin.getByLabel('Назва нового токена'), 'Вкажіть назву токена');

    // More than two years ahead: the server's refusal sits next to the day, and the name is kept.
    await admin.getByLabel('Назва нового токена').fill('АТС головного офісу');
    await validUntil.fill(kyivDay(800));
    await admin.getByRole('button', { name: 'Видати токен' }).click();
    await waitForAnnounced(validUntil, 'Чинний до: не пізніше ніж через 730 днів');
    assert.equal(await admin.getByLabel('Назва нового токена').inputValue(), 'АТС головного офісу');

    const day = kyivDay(90);
    const [year, month, dayOfMonth] = day.split('-');
    await validUntil.fill(day);
    await admin.getByRole('button', { name: 'Видати токен' }).click();
    const shown = admin.getByRole('alert').filter({ hasText: 'Токен «АТС головного офісу» видано — скопіюйте його зараз' });
    await shown.getByText('Токен показано лише один раз').waitFor();
    // Through the whole chosen day in Kyiv.
    await shown.getByText(`Токен діє до ${dayOfMonth}.${month}.${year!.slice(2)}, 23:59.`).waitFor();
    const secret = await admin.getByLabel('Секрет токена').inputValue();
    assert.match(secret, /\S{20,}/);
    const table = admin.getByRole('table', { name: 'API-токени користувача' });
    await table.getByText('Чинний', { exact: true }).waitFor();
    await table.getByRole('columnheader', { name: 'Чинний до' }).waitFor();
    const listed = await (await admin.request.get(`/api/v1/users/${admin.url().split('/').at(-1)}/api-tokens`)).json() as { items: { name: string; expiresAt: string }[] };
    const expected = new Date(`${day}T23:59:59Z`).getTime();
    const offset = expected - new Date(listed.items[0]!.expiresAt).getTime();
    assert.ok(offset === 2 * 3_600_000 || offset === 3 * 3_600_000, `valid through ${day} in Kyiv, not ${listed.items[0]!.expiresAt}`);
    await axeClean(admin);
    await screenshot(admin, 'admin-token-issued');

    await admin.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: run.url });
    await admin.getByRole('button', { name: 'Копіювати токен' }).click();
    await admin.getByRole('button', { name: 'Скопійовано' }).waitFor();
    assert.equal(await admin.evaluate(() => navigator.clipboard.readText()), secret);

    // It opens the exchange's event API, and nothing else.
    const exchangeEvent = () => fetch(`${run.url}/api/v1/telephony/events`, {
      method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ eventId: `admin-token-${Date.now()}`, callId: 'admin-token-call', type: 'ringing', timestamp: new Date().toISOString(), extension: '1099' }),
    });
    assert.equal((await exchangeEvent()).status, 200);
    const me = await fetch(`${run.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(me.status, 403);

    // Once hidden (or after a reload) the secret is nowhere on the page.
    await admin.getByRole('button', { name: 'Я зберіг токен, сховати' }).click();
    assert.equal(await admin.getByLabel('Секрет токена').count(), 0);
    await admin.reload();
    await admin.getByRole('table', { name: 'API-токени користувача' }).getByText('АТС головного офісу').waitFor();
    assert.equal((await admin.content()).includes(secret), false);

    await admin.getByRole('button', { name: 'Відкликати токен «АТС головного офісу»' }).click();
    await admin.getByRole('dialog', { name: 'Відкликати токен?' }).getByRole('button', { name: 'Так, відкликати' }).click();
    await admin.getByRole('status').getByText('Токен відкликано').waitFor();
    await admin.getByRole('table', { name: 'API-токени користувача' }).getByText('Відкликано').waitFor();
    assert.equal((await exchangeEvent()).status, 401);
  });

  test('a court clerk is tied to a judicial body picked from the directory; without one the server refuses next to the field', async () => {
    await admin.goto('/admin/users/new');
    await admin.getByLabel('Логін').fill('clerk.vaks');
    await admin.getByLabel('Повне ім’я').fill('Ірина Петрівна Гнатюк');
    await admin.getByLabel(/^Роль/).selectOption('court_clerk');
    await admin.getByLabel('Початковий пароль').fill('clerk-vaks-pass');
    const body = admin.getByRole('combobox', { name: 'Орган судової влади' });
    await admin.getByRole('button', { name: 'Створити користувача' }).click();
    await waitForAnnounced(body, 'Працівнику суду потрібен орган судової влади');

    await body.fill('антикорупц');
    await admin.getByRole('option', { name: 'Вищий антикорупційний суд (high-anti-corruption-court)' }).click();
    assert.equal(await body.inputValue(), 'Вищий антикорупційний суд (high-anti-corruption-court)');
    await admin.getByRole('button', { name: 'Створити користувача' }).click();
    await admin.getByRole('heading', { name: 'Користувач Ірина Петрівна Гнатюк' }).waitFor();
    // The saved body is named again on the edit form, read back from the directory.
    const saved = admin.getByRole('combobox', { name: 'Орган судової влади' });
    await admin.waitForFunction(() => Array.from(document.querySelectorAll('input')).some((input) => input.value === 'Вищий антикорупційний суд (high-anti-corruption-court)'));
    assert.equal(await saved.inputValue(), 'Вищий антикорупційний суд (high-anti-corruption-court)');
    await axeClean(admin);
  });

  test('G2: the admin moves the greeting boundaries, sees the greeting that applies now, and an invalid one is refused with the server\'s message', async () => {
    await admin.getByRole('link', { name: 'Налаштування' }).click();
    await admin.waitForURL('**/admin/settings');
    const morning = admin.getByLabel('Початок ранку');
    const day = admin.getByLabel('Початок дня');
    const evening = admin.getByLabel('Початок вечора');
    assert.deepEqual([await morning.inputValue(), await day.inputValue(), await evening.inputValue()], ['05:00', '12:00', '18:00']);

    await morning.fill('06:30');
    await evening.fill('19:15');
    await admin.getByText('За введеними межами (ще не збережено).').waitFor();
    const boundaries = { morningStartsAt: '06:30', dayStartsAt: '12:00', eveningStartsAt: '19:15' };
    const expected = [greeting(new Date(), boundaries).phrase];
    const shownPhrase = await admin.locator('[data-greeting-phrase]').innerText();
    expected.push(greeting(new Date(), boundaries).phrase); // the minute may turn between the two looks
    assert.ok(expected.map((phrase) => `«${phrase}»`).includes(shownPhrase), `${shownPhrase} is not ${expected.join(' / ')}`);
    await admin.getByRole('button', { name: 'Зберегти межі' }).click();
    await admin.getByRole('status').getByText('Межі привітання збережено').waitFor();
    await admin.getByText('За збереженими межами.').waitFor();
    assert.deepEqual(await (await admin.request.get('/api/v1/settings/greeting-boundaries')).json(), boundaries);

    // A time that is not a time: the server's words, the fields as typed.
    await evening.fill('25:00');
    await admin.getByText('Введені межі некоректні, тому показано за збереженими.').waitFor();
    await admin.getByRole('button', { name: 'Зберегти межі' }).click();
    const refusal = admin.getByRole('alert').filter({ hasText: 'Межі не збережено' });
    await refusal.getByText('Початок вечора: «25:00» — очікується час у форматі ГГ:ХХ від 00:00 до 23:59, наприклад 05:00.').waitFor();
    assert.equal(await evening.inputValue(), '25:00');

    // Out of order: the day cannot start before the morning.
    await evening.fill('19:15');
    await day.fill('06:00');
    await admin.getByRole('button', { name: 'Зберегти межі' }).click();
    await refusal.getByText('Початок ранку має бути раніше за початок дня.').waitFor();
    assert.equal(await refusal.getByText('Початок вечора: «25:00»').count(), 0, 'the old refusal is replaced');
    assert.deepEqual([await morning.inputValue(), await day.inputValue(), await evening.inputValue()], ['06:30', '06:00', '19:15']);
    assert.deepEqual(await (await admin.request.get('/api/v1/settings/greeting-boundaries')).json(), boundaries, 'nothing was saved');
    await axeClean(admin);
    await screenshot(admin, 'admin-settings');

    await admin.getByRole('button', { name: 'Стандартні межі (05:00, 12:00, 18:00)' }).click();
    await admin.getByRole('button', { name: 'Зберегти межі' }).click();
    await admin.getByRole('status').getByText('Межі привітання збережено').waitFor();
  });

  test('an extension is mapped to the new operator; a missing or malformed extension is refused next to the field', async () => {
    await admin.getByRole('link', { name: 'Внутрішні номери' }).click();
    await admin.waitForURL('**/admin/extensions');
    await admin.getByText('Жоден внутрішній номер ще не закріплено').waitFor();
    const extension = admin.getByRole('textbox', { name: 'Внутрішній номер' });
    const operator = admin.getByRole('combobox', { name: /^Оператор/ });
    await admin.getByRole('button', { name: 'Закріпити' }).click();
    await waitForAnnounced(extension, 'Вкажіть внутрішній номер');
    await waitForAnnounced(operator, 'Оберіть оператора');

    await extension.fill('20 42');
    await operator.selectOption({ label: '№ 42, Ольга Василівна Бондар' });
    await admin.getByRole('button', { name: 'Закріпити' }).click();
    await waitForAnnounced(extension, 'Внутрішній номер: 1-32 символи, цифри, латинські літери та * # + . _ -');
    assert.equal(await operator.inputValue(), operatorId);

    await extension.fill('2042');
    await admin.getByRole('button', { name: 'Закріпити' }).click();
    await admin.getByRole('status').getByText('Внутрішній номер 2042 закріплено').waitFor();
    const row = admin.locator('tr[data-extension="2042"]');
    await row.getByText('№ 42, Ольга Василівна Бондар').waitFor();
    await row.getByText('Діє').waitFor();
    const saved = await (await admin.request.get('/api/v1/telephony/extensions/2042')).json() as { operatorId: string; active: boolean };
    assert.deepEqual(saved, { ...saved, operatorId, active: true });
    await axeClean(admin);
    await screenshot(admin, 'admin-extensions');

    // The same screen in English, from the same catalogue.
    await admin.getByText('English').click();
    await admin.getByRole('heading', { name: 'Extensions' }).waitFor();
    await admin.getByRole('table', { name: 'Assigned extensions' }).getByText('No. 42, Ольга Василівна Бондар').waitFor();
    await admin.getByRole('link', { name: 'Audit trail' }).waitFor();
    await admin.getByText('Українська').click();
    await admin.getByRole('heading', { name: 'Внутрішні номери' }).waitFor();
  });

  test('the phone at an extension gets its SIP password: a short one is refused next to the field, one typed is saved, one generated is shown once', async () => {
    const row = admin.locator('tr[data-extension="2042"]');
    await row.getByText('Не задано').waitFor();
    const stored = async () => ((await (await admin.request.get('/api/v1/telephony/extensions/2042')).json()) as { sipPassword: unknown }).sipPassword;
    await admin.getByRole('button', { name: 'Пароль SIP телефону на номері 2042' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Пароль SIP телефону на номері 2042' });
    await dialog.getByText('Не задано').waitFor();
    const own = dialog.getByLabel('Або задайте свій пароль');
    const save = dialog.getByRole('button', { name: 'Зберегти пароль' });
    await save.click();
    await waitForAnnounced(own, 'Введіть пароль');
    await own.fill('short-2042');
    await save.click();
    await waitForAnnounced(own, 'Пароль SIP: щонайменше 12 символів');
    assert.equal(await own.inputValue(), 'short-2042', 'what was typed is kept');
    assert.equal(await stored(), null, 'nothing saved');

    await own.fill('Typed-in-browser-2042');
    await save.click();
    await dialog.getByRole('status').getByText('Пароль SIP для номера 2042 збережено').waitFor();
    assert.equal(await own.inputValue(), '', 'the password does not stay on the screen');
    await row.getByText(/^Задано /).waitFor();
    assert.deepEqual(Object.keys(await stored() as object).sort(), ['realm', 'setAt']);

    await dialog.getByRole('button', { name: 'Згенерувати новий пароль' }).click();
    const secret = dialog.getByLabel('Новий пароль SIP');
    await secret.waitFor();
    assert.match(await secret.inputValue(), /^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    await dialog.getByText('Пароль показано лише один раз', { exact: false }).waitFor();
    await axeClean(admin);
    await screenshot(admin, 'admin-sip-password');
    await dialog.getByRole('button', { name: 'Я ввів пароль у телефон, сховати' }).click();
    await secret.waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Закрити' }).click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByRole('button', { name: 'Пароль SIP телефону на номері 2042' }).click();
    await dialog.getByText(/^Задано /).waitFor();
    assert.equal(await dialog.getByLabel('Новий пароль SIP').count(), 0, 'never shown again');
    await dialog.getByRole('button', { name: 'Закрити' }).click();
  });

  test('the audit trail lists the user creation, filters by object, action, person (or Dovira itself) and period, and pages on', async () => {
    // Sixty setting changes: more than one page of the trail.
    for (let index = 0; index < 60; index += 1) {
      const minute = String(index % 60).padStart(2, '0');
      assert.equal(await apiAs(admin, 'PUT', '/settings/greeting-boundaries', { morningStartsAt: `05:${minute}`, dayStartsAt: '12:00', eveningStartsAt: '18:00' }), 200);
    }
    await admin.getByRole('link', { name: 'Журнал аудиту' }).click();
    await admin.waitForURL('**/admin/audit');
    await admin.getByRole('table', { name: 'Записи журналу аудиту' }).waitFor();

    await admin.getByLabel('Об’єкт').selectOption({ label: 'Користувач' });
    await admin.getByLabel('Дія').selectOption({ label: 'Створено' });
    await admin.getByLabel('Хто').selectOption({ label: 'Марія Іванівна Бойко (admin)' });
    const creation = admin.locator('tbody tr').filter({ hasText: `логін: ${NEW_OPERATOR.login}` });
    await creation.waitFor();
    const text = await creation.innerText();
    assert.match(text, /Марія Іванівна Бойко \(admin\)/);
    // The object by its name and login, linked to its page; the changes in words, not JSON.
    const subject = creation.getByRole('link', { name: 'Ольга Василівна Бондар (olha.bondar)' });
    assert.match(await subject.getAttribute('href') ?? '', /^\/admin\/users\/[0-9a-f-]{36}$/);
    assert.match(text, /роль: Оператор/);
    assert.match(text, /номер оператора: 42/);
    assert.match(text, /є електронна пошта: так/);
    assert.doesNotMatch(text, /[{}"]|[0-9a-f]{8}-[0-9a-f]{4}-/, 'no raw JSON, no bare ids');
    assert.equal(text.includes(NEW_OPERATOR.email), false, 'the trail holds no contact data');

    // Today in Kyiv finds it; a period that ends before it starts is refused before asking.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' }).format(new Date());
    await admin.getByLabel('Від дати').fill(today);
    await admin.getByLabel('До дати (включно)').fill(today);
    await creation.waitFor();
    await admin.getByLabel('Від дати').fill('2099-01-02');
    await admin.getByLabel('До дати (включно)').fill('2099-01-01');
    await waitForAnnounced(admin.getByLabel('До дати (включно)'), 'Дата «до» має бути не раніше за дату «від»');
    await admin.getByLabel('До дати (включно)').fill('2099-01-03');
    await admin.getByText('За цим відбором записів немає').waitFor();

    await admin.getByRole('button', { name: 'Скинути відбір' }).click();
    await admin.getByLabel('Об’єкт').selectOption({ label: 'Налаштування' });
    await admin.getByRole('status').getByText('Показано записів: 50').waitFor();
    await admin.getByRole('button', { name: 'Показати ще' }).click();
    await admin.getByRole('status').getByText(/Показано записів: 6\d\. Це всі записи за відбором\./).waitFor();
    // A setting by its name in words, its change as «було → стало».
    const settingRow = admin.locator('tbody tr').first();
    await settingRow.getByRole('link', { name: 'Межі привітань за часом доби' }).waitFor();
    assert.match(await settingRow.getByTestId('audit-changes').innerText(), /→/);
    assert.doesNotMatch(await settingRow.innerText(), /[{}"]/);
    const ids = await admin.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-audit-id')));
    assert.equal(new Set(ids).size, ids.length, 'no entry twice across pages');
    assert.deepEqual([...ids].sort((a, b) => Number(b) - Number(a)), ids, 'newest first');

    // What Dovira did by itself (the demo accounts it created at first start): no person's name.
    await admin.getByRole('button', { name: 'Скинути відбір' }).click();
    await admin.getByLabel('Хто').selectOption({ label: 'Система' });
    await admin.locator('tbody tr').filter({ hasText: 'operator' }).first().waitFor();
    const actors = await admin.locator('tbody tr td:nth-child(2)').allInnerTexts();
    assert.ok(actors.length > 0);
    assert.deepEqual([...new Set(actors)], ['Система'], 'only what no user did');

    await admin.getByRole('button', { name: 'Скинути відбір' }).click();
    await admin.getByLabel('Об’єкт').selectOption({ label: 'Користувач' });
    await creation.waitFor();
    // The court a clerk was tied to is named, not shown as its id.
    const clerkCreated = admin.locator('tbody tr').filter({ hasText: 'логін: clerk.vaks' });
    assert.match(await clerkCreated.getByTestId('audit-changes').innerText(), /орган судової влади: Вищий антикорупційний суд/);
    await axeClean(admin);
    await screenshot(admin, 'admin-audit');
  });

  test('blocked numbers: the empty list says what to do; a number is blocked with a note however typed, a malformed one refused next to the field; unblocking asks first', async () => {
    await admin.getByRole('link', { name: 'Заблоковані номери' }).click();
    await admin.waitForURL('**/admin/blocked-numbers');
    await admin.getByText('Жоден номер не заблоковано').waitFor();
    await admin.getByText('Щоб дзвінки з номера більше не надходили операторам, внесіть його у формі вище.').waitFor();
    const phone = admin.getByRole('textbox', { name: 'Номер заявника' });
    const note = admin.getByRole('textbox', { name: 'Примітка' });
    await admin.getByRole('button', { name: 'Заблокувати' }).click();
    await waitForAnnounced(phone, 'Вкажіть номер');

    await phone.fill('12');
    await note.fill('Автодзвінки щоночі');
    await admin.getByRole('button', { name: 'Заблокувати' }).click();
    await waitForAnnounced(phone, 'Номер: вкажіть номер у форматі 0XX XXX XX XX');
    assert.equal(await note.inputValue(), 'Автодзвінки щоночі', 'what was typed is kept');

    await phone.fill('067 111 22 33');
    await admin.getByRole('button', { name: 'Заблокувати' }).click();
    await admin.getByRole('status').getByText('Номер +380671112233 заблоковано').waitFor();
    const row = admin.locator('tr[data-phone="+380671112233"]');
    await row.getByText('Автодзвінки щоночі').waitFor();
    await axeClean(admin);
    await screenshot(admin, 'admin-blocked-numbers');

    await row.getByRole('button', { name: 'Розблокувати номер +380671112233' }).click();
    await admin.getByRole('dialog').getByText('Дзвінки з номера +380671112233 знову надходитимуть операторам.').waitFor();
    await admin.getByRole('button', { name: 'Так, розблокувати' }).click();
    await admin.getByRole('status').getByText('Номер +380671112233 розблоковано').waitFor();
    await admin.getByText('Жоден номер не заблоковано').waitFor();
    const left = await (await admin.request.get('/api/v1/settings/blocked-numbers')).json() as { items: unknown[] };
    assert.deepEqual(left.items, []);
  });

  test('no page wrote an error to its console', () => {
    assert.deepEqual(run.pageErrors, []);
  });
});
