// The metrics of `npm start` itself: the process hands the endpoint its connection pool and its
// exchanges' links, so an exchange that drops the connection is seen in the next scrape.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, stopServer, type Started } from '../../test/server-process.ts';
import { parseExposition, sampleValue, type Exposition } from './test-exposition.ts';

const TOKEN = randomBytes(32).toString('hex');

async function scrape(server: Started): Promise<Exposition> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200);
  return parseExposition(await response.text());
}

async function scrapeUntil(server: Started, what: string, check: (metrics: Exposition) => boolean): Promise<Exposition> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const metrics = await scrape(server);
    if (check(metrics)) return metrics;
    if (Date.now() > deadline) assert.fail(`${what}: not seen in 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('metrics of npm start', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  after(async () => { for (const cleanup of cleanups.reverse()) await cleanup(); });

  test('the kamailio link is reported up while evapi is connected and down once it is lost; the pool is reported', async () => {
    // A stand-in for kamailio's evapi socket: it accepts Dovira and says nothing.
    const accepted: net.Socket[] = [];
    const evapi = net.createServer((socket) => { accepted.push(socket); });
    await new Promise<void>((resolve) => evapi.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => evapi.close(resolve)));
    const dataDir = await mkdtemp(path.join(tmpdir(), 'dovira-metrics-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));

    const server = await startServer({
      DOVIRA_DATA_DIR: dataDir,
      DOVIRA_METRICS_TOKEN: TOKEN,
      KAMAILIO_EVAPI_ADDRESS: `127.0.0.1:${(evapi.address() as net.AddressInfo).port}`,
    });
    cleanups.push(() => stopServer(server));

    const up = await scrapeUntil(server, 'kamailio connected', (m) => sampleValue(m, 'dovira_pbx_connected', { exchange: 'kamailio' }) === 1);
    assert.equal(sampleValue(up, 'dovira_pbx_connected', { exchange: 'asterisk' }), undefined, 'Asterisk is not configured');
    assert.ok(sampleValue(up, 'dovira_db_pool_max_connections')! >= 1);
    assert.ok(sampleValue(up, 'dovira_db_pool_connections', { state: 'idle' }) !== undefined);

    // kamailio goes away: the socket closes and nothing listens any more.
    await new Promise<void>((resolve) => {
      evapi.close(() => resolve());
      for (const socket of accepted) socket.destroy();
    });
    await scrapeUntil(server, 'kamailio disconnected', (m) => sampleValue(m, 'dovira_pbx_connected', { exchange: 'kamailio' }) === 0);
  });
});
