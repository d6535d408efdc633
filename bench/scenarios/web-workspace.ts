/// <reference lib="dom" />
// The operator's workspace in the browser: how much JavaScript the first load ships (gzip, as
// served) and how long headless Chromium takes from navigation to an interactive workspace,
// against the same browser loading a minimal page from the same server (the ceiling: what the
// browser and the HTTP round trips cost with no app at all).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ms, table } from '../lib/format.ts';
import type { BenchContext, Scenario, ScenarioReport } from '../lib/scenario.ts';
import { round, summarise } from '../lib/stats.ts';

/** A size budget (the same on every machine) and a time as a multiple of the no-app page's, both at p90. */
export const TARGET = { maxJsGzipKiB: 300, maxInteractiveRatio: 10 } as const;
const RUNS = 12;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const OPERATOR = { login: 'operator', password: 'operator-demo-17' };
/** The workspace counts as interactive when the operator can start a call: this button is enabled. */
const READY_BUTTON = /Новий дзвінок/;

interface ShippedAsset {
  file: string;
  kind: 'js' | 'css';
  bytes: number;
  gzipBytes: number;
}

/** The assets index.html makes the browser fetch on first load (entry script, preloads, styles). */
async function firstLoadAssets(repoRoot: string): Promise<ShippedAsset[]> {
  const dist = path.join(repoRoot, 'web', 'dist');
  const html = await readFile(path.join(dist, 'index.html'), 'utf8');
  const references = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(js|css))"/g)];
  const assets: ShippedAsset[] = [];
  for (const [, file, extension] of references) {
    const full = path.join(dist, file!);
    assets.push({ file: file!, kind: extension as 'js' | 'css', bytes: (await stat(full)).size, gzipBytes: (await stat(`${full}.gz`)).size });
  }
  return assets;
}

type Session = Awaited<ReturnType<BrowserContext['storageState']>>;

/** One login for all the loads (logins are rate-limited per address): its cookies, reused. */
async function logIn(browser: Browser, baseUrl: string): Promise<Session> {
  const context = await browser.newContext({ baseURL: baseUrl });
  try {
    const login = await context.request.post('/api/v1/auth/login', { data: OPERATOR });
    if (login.status() !== 200) throw new Error(`login answered ${login.status()}`);
    return await context.storageState();
  } finally {
    await context.close();
  }
}

async function timeLoads(browser: Browser, baseUrl: string, session: Session, url: string, ready: (page: Page) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // A new context each time: an empty cache, as on the first visit; only the session cookie is kept.
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1366, height: 768 }, storageState: session });
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(url);
    await ready(page);
    times.push(performance.now() - started);
    await context.close();
  }
  return times;
}

export const webWorkspace: Scenario = {
  key: 'webWorkspace',
  title: 'Operator workspace: first-load JavaScript and time to interactive in headless Chromium',
  async run(context: BenchContext): Promise<ScenarioReport> {
    const assets = await firstLoadAssets(context.repoRoot);
    const jsGzipKiB = assets.filter((asset) => asset.kind === 'js').reduce((sum, asset) => sum + asset.gzipBytes, 0) / 1024;
    const cssGzipKiB = assets.filter((asset) => asset.kind === 'css').reduce((sum, asset) => sum + asset.gzipBytes, 0) / 1024;

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    let workspace: number[];
    let ceiling: number[];
    try {
      const baseUrl = context.dovira.baseUrl;
      const session = await logIn(browser, baseUrl);
      // The ceiling: the API's health document, a page with no script at all, through the same browser.
      ceiling = await timeLoads(browser, baseUrl, session, '/api/v1/health', async (page) => { await page.waitForLoadState('load'); });
      workspace = await timeLoads(browser, baseUrl, session, '/operator', async (page) => {
        const button = page.getByRole('button', { name: READY_BUTTON });
        await button.waitFor({ state: 'visible', timeout: 30_000 });
        await page.waitForFunction(() => {
          const candidates = Array.from(document.querySelectorAll('button')).filter((element) => /Новий дзвінок/.test(element.textContent ?? ''));
          return candidates.some((element) => !element.hasAttribute('disabled'));
        });
      });
    } finally {
      await browser.close();
    }

    const measured = summarise(workspace);
    const baseline = summarise(ceiling);
    const p50 = measured.p50Ms;
    const p90 = measured.p90Ms;
    const ceilingP50 = baseline.p50Ms;
    const lines = [
      ...table(['first load', 'files', 'raw KiB', 'gzip KiB', 'target'], [
        ['JavaScript', String(assets.filter((a) => a.kind === 'js').length), (assets.filter((a) => a.kind === 'js').reduce((s, a) => s + a.bytes, 0) / 1024).toFixed(0), jsGzipKiB.toFixed(1), `< ${TARGET.maxJsGzipKiB}`],
        ['CSS', String(assets.filter((a) => a.kind === 'css').length), (assets.filter((a) => a.kind === 'css').reduce((s, a) => s + a.bytes, 0) / 1024).toFixed(0), cssGzipKiB.toFixed(1), ''],
      ]),
      '',
      `Time from navigation to an interactive workspace, ${RUNS} cold loads each (empty cache, logged in, 1366×768), in ms:`,
      ...table(['page', 'p50', 'p90', 'max', 'ratio p90 ÷ ceiling'], [
        ['operator workspace (/operator)', ms(p50), ms(p90), ms(measured.maxMs), `${(p90 / baseline.p90Ms).toFixed(1)}×`],
        ['ceiling: a page with no app', ms(ceilingP50), ms(baseline.p90Ms), ms(baseline.maxMs), '1.0×'],
      ]),
    ];
    const sizeOk = jsGzipKiB < TARGET.maxJsGzipKiB;
    const interactiveRatio = p90 / baseline.p90Ms;
    const timeOk = interactiveRatio <= TARGET.maxInteractiveRatio;
    lines.unshift(
      `Target: JavaScript < ${TARGET.maxJsGzipKiB} KiB gzip (${jsGzipKiB.toFixed(1)}: ${sizeOk ? 'PASS' : 'MISS'}); `
        + `interactive at p90 ≤ ${TARGET.maxInteractiveRatio}× the no-app page's p90 (${interactiveRatio.toFixed(1)}×, ${ms(p90)} vs ${ms(baseline.p90Ms)} ms: ${timeOk ? 'PASS' : 'MISS'})`,
      '',
    );
    return {
      lines,
      data: {
        target: TARGET,
        assets,
        jsGzipKiB: round(jsGzipKiB, 1),
        cssGzipKiB: round(cssGzipKiB, 1),
        interactiveMs: { runs: workspace.map((value) => round(value, 1)), p50: round(p50, 1), p90: round(p90, 1) },
        ceilingMs: { runs: ceiling.map((value) => round(value, 1)), p50: round(ceilingP50, 1), p90: round(baseline.p90Ms, 1) },
        interactiveRatio: round(interactiveRatio, 2),
        verdict: sizeOk && timeOk ? 'PASS' : 'MISS',
      },
    };
  },
};
