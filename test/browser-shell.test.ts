// The frame every person sees: logging in, the menu their role may use, the language switch,
// the live connection's state. The screens themselves have their own browser tests.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accessibilityViolations, browserUnavailable, describeViolations, screenshot, startBrowserRun, type BrowserRun } from './browser.ts';

const unavailable = browserUnavailable();

describe('browser: login and the frame', { skip: unavailable }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun();
  });
  after(async () => {
    await run?.close();
  });

  test('the login screen refuses a wrong password in Ukrainian, keeps the login, then lets the operator in', async () => {
    const page = await run.open(null);
    await page.getByRole('heading', { name: 'Вхід до Dovira' }).waitFor();
    assert.deepEqual(describeViolations(await accessibilityViolations(page)), '');
    await screenshot(page, 'login');
    await page.getByRole('button', { name: 'Увійти' }).click();
    await page.getByText('Вкажіть логін').waitFor();
    await page.getByLabel('Логін').fill('operator');
    await page.getByLabel('Пароль').fill('wrong-password');
    await page.getByRole('button', { name: 'Увійти' }).click();
    await page.getByRole('alert').getByText('Неправильний логін або пароль').waitFor();
    assert.equal(await page.getByLabel('Логін').inputValue(), 'operator');
    await page.getByLabel('Пароль').fill('operator-demo-17');
    await page.getByRole('button', { name: 'Увійти' }).click();
    await page.waitForURL('**/operator');
    await page.getByText('Олена Петрівна Коваленко · Оператор № 17').waitFor();
    await page.locator('[data-live-status="connected"]').waitFor();
  });

  test('each role lands on its own screen and sees only its menu', async () => {
    const expectations = [
      ['supervisor', '/supervisor', 'Пульт керівника', 'Користувачі'],
      ['clerk', '/clerk', 'Вхідні звернення суду', 'Пульт керівника'],
      ['admin', '/admin/users', 'Користувачі', 'Робоче місце'],
    ] as const;
    for (const [login, home, shown, hidden] of expectations) {
      const page = await run.open(login);
      await page.waitForURL(`**${home}`);
      await page.getByRole('link', { name: shown }).waitFor();
      assert.equal(await page.getByRole('link', { name: hidden }).count(), 0, `${login} must not see ${hidden}`);
    }
  });

  test('too many failed logins say how long to wait in the reader’s language, the unit a word of its own', async () => {
    const page = await run.open(null);
    await page.getByLabel('Логін').fill('nobody.here');
    await page.getByLabel('Пароль').fill('wrong-password');
    const alert = page.getByRole('alert');
    let status = 0;
    for (let attempt = 0; attempt < 10 && status !== 429; attempt += 1) {
      const [response] = await Promise.all([page.waitForResponse('**/api/v1/auth/login'), page.getByRole('button', { name: 'Увійти' }).click()]);
      status = response.status();
    }
    assert.equal(status, 429);
    await alert.getByText(/^Забагато спроб входу\. Спробуйте знову через (\d{1,2} с|1 хв)\.$/).waitFor();
    await page.getByText('English').click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await alert.getByText(/^Too many sign-in attempts\. Try again in (\d{1,2} s|1 min)\.$/).waitFor();
    await page.getByText('Українська').click();
  });

  test('a mistyped address shows «Сторінку не знайдено» with a way back, not raw JSON', async () => {
    const page = await run.open('supervisor');
    await page.waitForURL('**/supervisor');
    for (const address of ['/nonsense', '/supervisor/nonsense']) {
      await page.goto(`${run.url}${address}`);
      await page.getByRole('heading', { name: 'Сторінку не знайдено' }).waitFor();
      assert.equal(describeViolations(await accessibilityViolations(page)), '');
      await page.getByRole('link', { name: 'На головну сторінку' }).click();
      await page.waitForURL('**/supervisor');
      await page.getByRole('heading', { name: 'Пульт керівника' }).waitFor();
    }
  });

  test('the interface switches to English and remembers it after a reload', async () => {
    const page = await run.open('operator');
    await page.getByText('English').click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByText('Українська').click();
    await page.getByRole('button', { name: 'Вийти' }).waitFor();
  });

  test('a lost live connection is shown, readable, and recovers by itself', async () => {
    let connections = 0;
    let serverDown = false;
    let dropLine: (() => Promise<void>) | undefined;
    const page = await run.open('supervisor', {
      // Every live socket passes through here, so the test can cut the line as a network would.
      beforeLoad: (page) => page.routeWebSocket('**/api/v1/live', (socket) => {
        if (serverDown) {
          void socket.close({ code: 1013, reason: 'test: server unavailable' });
          return;
        }
        connections += 1;
        socket.connectToServer();
        dropLine = () => socket.close({ code: 1012, reason: 'test: line dropped' });
      }),
    });
    await page.locator('[data-live-status="connected"]').waitFor();
    assert.equal(connections, 1);
    serverDown = true;
    await dropLine!();
    await page.locator('[data-live-status="lost"]').getByText('Зв’язок втрачено. Відновлюємо автоматично…').waitFor();
    // The warning is for everyone to read, as readable as the rest of the page (WCAG AA contrast).
    assert.equal(describeViolations(await accessibilityViolations(page)), '');
    await page.locator('[data-live-status="lost"]').waitFor();
    serverDown = false;
    await page.locator('[data-live-status="connected"]').waitFor({ timeout: 20_000 });
    assert.equal(connections, 2);
  });

  test('each role’s main screen fits a large screen (1920×1080) as well as 1366×768, without sideways scrolling', async () => {
    for (const [login, home, heading] of [['operator', '/operator', 'Робоче місце оператора'], ['supervisor', '/supervisor', 'Пульт керівника']] as const) {
      const page = await run.open(login, { width: 1920, height: 1080 });
      await page.waitForURL(`**${home}`);
      await page.getByRole('heading', { name: heading }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, `${login}: no sideways scrolling`);
      assert.equal(describeViolations(await accessibilityViolations(page)), '');
      await screenshot(page, `${login}-1920`);
    }
  });

  test('no page wrote an error to its console', () => {
    assert.deepEqual(run.pageErrors, []);
  });
});

describe('browser: one user in too many tabs', { skip: unavailable }, () => {
  let run: BrowserRun;
  before(async () => {
    run = await startBrowserRun({ DOVIRA_LIVE_CONNECTIONS_PER_USER: '1' });
  });
  after(async () => {
    await run?.close();
  });

  test('a tab beyond DOVIRA_LIVE_CONNECTIONS_PER_USER says to close the others instead of failing silently', async () => {
    const first = await run.open('operator');
    await first.locator('[data-live-status="connected"]').waitFor();
    const second = await run.open('operator');
    const badge = second.locator('[data-live-status="crowded"]');
    await badge.waitFor();
    assert.match((await badge.textContent()) ?? '', /відкрито в забагатьох вкладках: закрийте зайві/);
    assert.equal(describeViolations(await accessibilityViolations(second)), '');
    assert.equal(await first.locator('[data-live-status="connected"]').count(), 1, 'the first tab keeps its channel');
  });
});
