// GET /metrics as Prometheus scrapes it: refused without the token, and with it the figures an
// operator alerts on, each moving as the centre's work does.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type WebSocket from 'ws';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { OpenedDatabase } from '../db/database.ts';
import { Dispatcher } from '../jobs/dispatcher.ts';
import { startTestInbox, type TestInbox } from '../notifications/test-inbox.ts';
import { databaseTargets, testOnPostgres } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { openLive } from '../../test/live-messages.ts';
import { validAppeal } from '../../test/fixtures.ts';
import { ExchangeLinks, UNMATCHED_ROUTE } from './metrics.ts';
import { parseExposition, sampleValue, type Exposition } from './test-exposition.ts';

const TOKEN = randomBytes(32).toString('hex');
const REQUESTS = 'dovira_http_request_duration_seconds';

async function scrape(app: FastifyInstance): Promise<Exposition & { text: string }> {
  const response = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.statusCode, 200, response.body);
  assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return { ...parseExposition(response.body), text: response.body };
}

/** Scrapes until `check` holds, failing with the last value seen when it does not within 10 s. */
async function scrapeUntil(app: FastifyInstance, what: string, check: (metrics: Exposition) => boolean): Promise<Exposition> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const metrics = await scrape(app);
    if (check(metrics)) return metrics;
    if (Date.now() > deadline) assert.fail(`${what}: not seen in 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const count = (metrics: Exposition, method: string, route: string, status: string) =>
  sampleValue(metrics, `${REQUESTS}_count`, { method, route, status }) ?? 0;

for (const target of databaseTargets()) {
  describe(`metrics on ${target.name}`, () => {
    let t: TestApp;
    let inbox: TestInbox;
    const sockets: WebSocket[] = [];

    before(async () => {
      inbox = await startTestInbox();
      t = await startTestApp(target, { metricsToken: TOKEN });
      const email = await t.as.admin.patch(`/api/v1/users/${t.as.supervisor.userId}`, { email: 'i.shevchenko@example.org' });
      assert.equal(email.statusCode, 200, email.body);
    });
    after(async () => {
      for (const socket of sockets) socket.terminate();
      await t?.close();
      await inbox?.close();
    });

    test('without DOVIRA_METRICS_TOKEN, /metrics answers 404 like an unknown address and is not in the API document', async () => {
      const opened: OpenedDatabase = await target.open();
      const app = await buildApp({ db: opened.db, config: loadConfig({}) });
      try {
        const response = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
        assert.equal(response.statusCode, 404);
        assert.equal(response.json().detail, 'Адресу GET /metrics не знайдено');
        const unknown = await app.inject({ method: 'GET', url: '/metricz' });
        assert.equal(unknown.json().type, response.json().type, 'the same problem as an address that does not exist');
        const document = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, unknown> };
        assert.ok(!('/metrics' in document.paths));
      } finally {
        await app.close();
        await opened.close();
      }
    });

    test('a scrape without the token, with a wrong one or in another scheme is refused with 401, saying how to authenticate', async () => {
      const attempts: Record<string, string | undefined> = {
        'no header': undefined,
        'wrong token of the same length': `Bearer ${randomBytes(32).toString('hex')}`,
        'the token with a character less': `Bearer ${TOKEN.slice(1)}`,
        'the token with a character more': `Bearer ${TOKEN}0`,
        'the token as basic auth': `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}`,
        'the token without a scheme': TOKEN,
        'an empty bearer': 'Bearer ',
      };
      for (const [what, authorization] of Object.entries(attempts)) {
        const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } });
        assert.equal(response.statusCode, 401, what);
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', what);
        assert.equal(response.headers['www-authenticate'], 'Bearer realm="dovira-metrics"', what);
        assert.match(response.json().detail, /Authorization: Bearer/, what);
        assert.doesNotMatch(response.body, /dovira_/, `${what}: no figures`);
      }
      // A signed-in admin is no substitute for the token.
      assert.equal((await t.as.admin.get('/metrics')).statusCode, 401);
    });

    test('with the token the text format parses; each registration counts once under POST /api/v1/appeals 201, by the route pattern, never the address', async () => {
      const first = await scrape(t.app);
      for (const family of [REQUESTS, 'dovira_outbox_pending_deliveries', 'dovira_outbox_oldest_pending_age_seconds', 'dovira_forwarding_appeals',
        'dovira_live_connections', 'process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds']) {
        assert.ok(first.families.has(family), `${family} is exposed`);
      }
      assert.equal(first.families.get(REQUESTS), 'histogram');
      assert.equal(first.samples.filter((s) => s.name === 'dovira_pbx_connected').length, 0, 'no exchange is configured, so none is reported');

      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, essence: `${validAppeal.essence} (${i})` });
        assert.equal(response.statusCode, 201, response.body);
        ids.push(response.json().id);
      }
      const refused = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, surname: '' });
      assert.equal(refused.statusCode, 400);
      assert.equal((await t.as.operator.get(`/api/v1/appeals/${ids[0]}`)).statusCode, 200);
      const stray = `/api/v1/no-such-${randomBytes(4).toString('hex')}`;
      assert.equal((await t.anonymous.get(stray)).statusCode, 404);

      const second = await scrape(t.app);
      assert.equal(count(second, 'POST', '/api/v1/appeals', '201') - count(first, 'POST', '/api/v1/appeals', '201'), 3);
      assert.equal(count(second, 'POST', '/api/v1/appeals', '400') - count(first, 'POST', '/api/v1/appeals', '400'), 1);
      assert.equal(count(second, 'GET', '/api/v1/appeals/:id', '200') - count(first, 'GET', '/api/v1/appeals/:id', '200'), 1);
      assert.equal(count(second, 'GET', UNMATCHED_ROUTE, '404') - count(first, 'GET', UNMATCHED_ROUTE, '404'), 1);
      assert.ok(!second.text.includes(ids[0]!) && !second.text.includes(stray), 'no address becomes a label');
      // The earlier scrape itself is counted too, as Prometheus would see it.
      assert.ok(count(second, 'GET', '/metrics', '200') >= 1);

      // A histogram that adds up: buckets only grow, +Inf holds them all, and the time is positive.
      const labels = { method: 'POST', route: '/api/v1/appeals', status: '201' };
      const buckets = second.samples.filter((s) => s.name === `${REQUESTS}_bucket` && s.labels.route === labels.route && s.labels.method === 'POST' && s.labels.status === '201');
      assert.ok(buckets.length > 5);
      buckets.slice(1).forEach((bucket, i) => assert.ok(bucket.value >= buckets[i]!.value, 'cumulative buckets'));
      assert.equal(buckets.at(-1)!.labels.le, '+Inf');
      assert.equal(buckets.at(-1)!.value, count(second, 'POST', '/api/v1/appeals', '201'));
      assert.ok(sampleValue(second, `${REQUESTS}_sum`, labels)! > 0);
    });

    test('A2: the outbox backlog shows the supervisor\'s e-mails waiting, how long the oldest has waited, and empties as they are sent', async () => {
      const before = await scrape(t.app);
      const waitingEvents = sampleValue(before, 'dovira_outbox_unexpanded_events')!;
      const waitingMails = sampleValue(before, 'dovira_outbox_pending_deliveries')!;
      for (let i = 0; i < 2; i++) assert.equal((await t.as.operator.post('/api/v1/appeals', validAppeal)).statusCode, 201);
      const registered = await scrape(t.app);
      assert.equal(sampleValue(registered, 'dovira_outbox_unexpanded_events'), waitingEvents + 2);

      // SMTP is not configured: the e-mails are written for the one supervisor with an address, and wait.
      await new Dispatcher({ db: t.db, config: t.config, now: t.clock.now, mailer: null }).runOnce();
      t.clock.advance(600);
      const waiting = await scrape(t.app);
      assert.equal(sampleValue(waiting, 'dovira_outbox_unexpanded_events'), 0);
      assert.equal(sampleValue(waiting, 'dovira_outbox_pending_deliveries'), waitingMails + waitingEvents + 2);
      assert.equal(sampleValue(waiting, 'dovira_outbox_oldest_pending_age_seconds'), 600);
      assert.equal(sampleValue(waiting, 'dovira_outbox_failed_deliveries'), 0);

      // Once the mail server is reachable they go out, and the backlog is gone.
      const dispatcher = new Dispatcher({ db: t.db, config: { ...t.config, smtpUrl: inbox.url }, now: t.clock.now });
      try {
        await dispatcher.runOnce();
      } finally {
        await dispatcher.stop();
      }
      assert.equal(inbox.messages.length, waitingMails + waitingEvents + 2);
      const sent = await scrape(t.app);
      assert.equal(sampleValue(sent, 'dovira_outbox_pending_deliveries'), 0);
      assert.equal(sampleValue(sent, 'dovira_outbox_oldest_pending_age_seconds'), 0);
    });

    test('live connections count the screens connected to this process now', async () => {
      assert.equal(sampleValue(await scrape(t.app), 'dovira_live_connections'), 0);
      const operator = await openLive(t.app, t.as.operator, sockets);
      await openLive(t.app, t.as.supervisor, sockets);
      assert.equal(sampleValue(await scrape(t.app), 'dovira_live_connections'), 2);
      operator.socket.terminate();
      await scrapeUntil(t.app, 'one live connection after the operator left', (m) => sampleValue(m, 'dovira_live_connections') === 1);
    });

    test('the database pool and the exchanges\' links: a configured exchange counts as down until its adapter reports a connection', async () => {
      const opened: OpenedDatabase = await target.open();
      const links = new ExchangeLinks();
      let kamailioConnected = false;
      const config = {
        ...loadConfig({}), metricsToken: TOKEN,
        kamailioEvapi: { host: '127.0.0.1', port: 8448 },
        ari: { url: 'http://127.0.0.1:8088', username: 'dovira', password: 'secret', app: 'dovira' },
      };
      const app = await buildApp({ db: opened.db, config, metrics: { pool: opened.pool, exchanges: links } });
      try {
        let metrics = await scrape(app);
        assert.equal(sampleValue(metrics, 'dovira_pbx_connected', { exchange: 'kamailio' }), 0);
        assert.equal(sampleValue(metrics, 'dovira_pbx_connected', { exchange: 'asterisk' }), 0);
        links.watch('kamailio', () => kamailioConnected);
        kamailioConnected = true;
        metrics = await scrape(app);
        assert.equal(sampleValue(metrics, 'dovira_pbx_connected', { exchange: 'kamailio' }), 1);
        assert.equal(sampleValue(metrics, 'dovira_pbx_connected', { exchange: 'asterisk' }), 0);
        kamailioConnected = false;
        assert.equal(sampleValue(await scrape(app), 'dovira_pbx_connected', { exchange: 'kamailio' }), 0);

        assert.equal(sampleValue(metrics, 'dovira_db_pool_max_connections'), opened.pool.options.max);
        const busy = sampleValue(metrics, 'dovira_db_pool_connections', { state: 'busy' })!;
        const idle = sampleValue(metrics, 'dovira_db_pool_connections', { state: 'idle' })!;
        assert.ok(busy >= 0 && idle >= 0 && busy + idle <= opened.pool.options.max!, `busy ${busy}, idle ${idle}`);
        assert.equal(sampleValue(metrics, 'dovira_db_pool_waiting_requests'), 0);
      } finally {
        await app.close();
        await opened.close();
      }
    });

    testOnPostgres(target, 'a connection held elsewhere in the process (a long transaction) shows as busy in the pool', 'PGlite has one connection: holding it would hold the scrape too', async () => {
      const opened: OpenedDatabase = await target.open();
      const app = await buildApp({ db: opened.db, config: { ...loadConfig({}), metricsToken: TOKEN }, metrics: { pool: opened.pool, exchanges: new ExchangeLinks() } });
      try {
        const before = await scrape(app);
        assert.equal(sampleValue(before, 'dovira_db_pool_connections', { state: 'busy' }), 0, 'nothing busy while the scrape is alone');
        const held = await opened.pool.connect();
        try {
          const during = await scrape(app);
          assert.ok(sampleValue(during, 'dovira_db_pool_connections', { state: 'busy' })! >= 1);
        } finally {
          held.release();
        }
      } finally {
        await app.close();
        await opened.close();
      }
    });

    test('A3: appeals still to forward today, then late the next day, then late by the Law after five days; a forwarded one leaves the count', async () => {
      const waiting = await t.db.selectFrom('appeals').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'registered').executeTakeFirstOrThrow();
      const stillRegistered = Number(waiting.n);
      assert.ok(stillRegistered >= 5);
      let metrics = await scrape(t.app);
      assert.equal(sampleValue(metrics, 'dovira_forwarding_appeals', { state: 'due_today' }), stillRegistered);
      assert.equal(sampleValue(metrics, 'dovira_forwarding_appeals', { state: 'late' }), 0);

      const appeal = await t.db.selectFrom('appeals').select('id').where('status', '=', 'registered').executeTakeFirstOrThrow();
      const court = await t.db.selectFrom('judicial_bodies').select('id').where('code', '=', 'test-court').executeTakeFirstOrThrow();
      const forwarded = await t.as.operator.post(`/api/v1/appeals/${appeal.id}/forward`, { judicialBodyId: court.id, reason: 'Питання належить до компетенції суду' });
      assert.equal(forwarded.statusCode, 201, forwarded.body);
      metrics = await scrape(t.app);
      assert.equal(sampleValue(metrics, 'dovira_forwarding_appeals', { state: 'due_today' }), stillRegistered - 1);

      t.clock.advance(24 * 3600);
      metrics = await scrape(t.app);
      assert.equal(sampleValue(metrics, 'dovira_forwarding_appeals', { state: 'due_today' }), 0);
      assert.equal(sampleValue(metrics, 'dovira_forwarding_appeals', { state: 'late' }), stillRegistered - 1);
      assert.equal(sampleValue(metrics, 'dovira_forwarding_appeals', { state: 'late_by_law' }), 0);
      t.clock.advance(6 * 24 * 3600);
      metrics = await scrape(t.app);
      assert.equal(sampleValue(metrics, 'dovira_forwarding_appeals', { state: 'late_by_law' }), stillRegistered - 1);
    });
  });
}
