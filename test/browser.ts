// (page.evaluate callbacks run in the browser: hence the DOM types)
/// <reference lib="dom" />
// Browser tests: Dovira started as `npm start` starts it, driven in Debian's Chromium through
// playwright-core. Screenshots of the main screens land in test-artifacts/screens/.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { databaseTargets, type DatabaseTarget } from './databases.ts';
import { startServer, stopServer, type Started } from './server-process.ts';
import { webBuildIsStale } from '../scripts/build-web.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENS = path.resolve(import.meta.dirname, '../test-artifacts/screens');

/**
 * How long a test waits for what Dovira does on its own clock (a hold clock turning amber or red, the
 * 10 s of T1 running out, a reminder round every 10 s): generous, so that a loaded machine gives the
 * same verdict as an idle one, and only a screen that never changes fails.
 */
export const SCHEDULED_CHANGE_MS = 90_000;

/** Minutes and seconds as a clock on screen shows them («0:35», «12:05»), in seconds. */
export function clockSeconds(text: string | null): number {
  const match = /(?<!\d)(\d{1,3}):(\d\d)/.exec(text ?? '');
  if (!match) throw new Error(`no m:ss clock in «${text}»`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The demo accounts `npm start` seeds (src/demo/seed.ts). */
export const DEMO = {
  operator: { login: 'operator', password: 'operator-demo-17' },
  supervisor: { login: 'supervisor', password: 'supervisor-demo' },
  admin: { login: 'admin', password: 'admin-demo-pass' },
  clerk: { login: 'clerk', password: 'clerk-demo-pass' },
} as const;
export type DemoLogin = keyof typeof DEMO;

/**
 * Why browser tests cannot run here, or undefined when they can. Outside CI the suite is skipped
 * with this reason; in CI a missing browser or build is a failure, never a quiet skip.
 */
export function browserUnavailable(): string | undefined {
  let reason: string | undefined;
  if (!existsSync(CHROMIUM)) reason = `немає Chromium (${CHROMIUM}): apt-get install chromium`;
  else if (webBuildIsStale()) reason = 'вебінтерфейс не зібрано або застарів: node scripts/build-web.ts';
  if (reason && process.env.CI) throw new Error(`CI=true, але браузерні тести не можуть працювати: ${reason}`);
  return reason;
}

export interface BrowserRun {
  server: Started;
  url: string;
  browser: Browser;
  /** A fresh browser context (own cookies) at 1366×768, logged in as a demo user unless `login` is null. */
  open(login: DemoLogin | null, options?: { width?: number; height?: number; beforeLoad?: (page: Page) => Promise<void> }): Promise<Page>;
  /** Errors the pages wrote to their console or threw: a test asserts there were none. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Starts Dovira as `npm start` does, on a new database of `target` (the embedded one unless said), and Chromium. */
export async function startBrowserRun(env: Record<string, string> = {}, target: DatabaseTarget = databaseTargets()[0]!): Promise<BrowserRun> {
  const database = await target.forProcess();
  let server: Started;
  try {
    server = await startServer({ ...database.env, ...env });
  } catch (error) {
    await database.remove();
    throw error;
  }
  let browser: Browser;
  try {
    // Playwright gives each launch a fresh, empty profile of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Without the background-networking flags Chromium keeps trying hosts a closed network refuses.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    await stopServer(server);
    await database.remove();
    throw error;
  }
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  return {
    server,
    url: server.url,
    browser,
    pageErrors,
    async open(login, options = {}) {
      const context = await browser.newContext({ viewport: { width: options.width ?? 1366, height: options.height ?? 768 }, baseURL: server.url, locale: 'uk-UA', timezoneId: 'Europe/Kyiv' });
      contexts.push(context);
      if (login) {
        const response = await context.request.post('/api/v1/auth/login', { data: DEMO[login] });
        if (response.status() !== 200) throw new Error(`login ${login}: HTTP ${response.status()}`);
      }
      // Any breach of the Content-Security-Policy is an error of the page, which every suite asserts away.
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const seen = ((window as unknown as { cspViolations?: string[] }).cspViolations ??= []);
          seen.push(`${event.violatedDirective} ${event.blockedURI}`);
          console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
        });
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${login ?? 'anonymous'}: ${error.message}`));
      page.on('console', (message) => {
        // A refused request shows in the console as a failed resource; the screens handle those themselves.
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) pageErrors.push(`${login ?? 'anonymous'}: ${message.text()}`);
      });
      await options.beforeLoad?.(page);
      await page.goto('/');
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close();
      await stopServer(server);
      await database.remove();
    },
  };
}

/** Saves a screenshot of the page as a test artefact. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS, { recursive: true });
  const file = path.join(SCREENS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core (WCAG 2.x A and AA) on the page as it is now; the violations found. */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the browser's debugging protocol: a <script> tag would be refused by the CSP, rightly.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => node.target.join(' ')) }));
  });
}

/** A readable summary of violations for an assertion message. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.help}\n    ${violation.nodes.slice(0, 5).join('\n    ')}`).join('\n');
}
