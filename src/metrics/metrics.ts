// GET /metrics: what an operator of Dovira watches and alerts on, in Prometheus's text format.
// Requests are counted and timed as they finish; the outbox, the forwarding list, the exchanges'
// links, the live connections and the connection pool are read at the moment Prometheus asks.
// Each app has its own registry, so several apps in one process (the tests) never share a series.
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppContext } from '../http/context.ts';
import { sameSecret, sha256 } from '../auth/secrets.ts';
import { HttpProblem } from '../http/problem.ts';
import { readDatabaseFigures, type DatabaseFigures } from './figures.ts';

export const METRICS_PATH = '/metrics';

/** Label of a request no route matched: its raw address would make a new series per address. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The pool's own counters (pg.Pool has these). */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number | undefined };
}

export type Exchange = 'kamailio' | 'asterisk';

/**
 * Whether Dovira is connected to each exchange it is configured for. The adapters start after the
 * app is built, so `npm start` tells this object how to ask them once they run; until then a
 * configured exchange counts as not connected.
 */
export class ExchangeLinks {
  readonly #links = new Map<Exchange, () => boolean>();

  watch(exchange: Exchange, connected: () => boolean): void {
    this.#links.set(exchange, connected);
  }

  isConnected(exchange: Exchange): boolean {
    return this.#links.get(exchange)?.() ?? false;
  }
}

/** What the endpoint reads besides the database itself. */
export interface MetricsSources {
  pool?: PoolCounts | undefined;
  exchanges?: ExchangeLinks | undefined;
}

/**
 * Adds GET /metrics and the hook that times every request. Without DOVIRA_METRICS_TOKEN nothing is
 * counted and the address answers 404 like any unknown one.
 */
export function registerMetrics(app: FastifyInstance, context: AppContext, sources: MetricsSources = {}): void {
  const token = context.config.metricsToken;
  const route = { config: { access: 'public' as const }, schema: { hide: true } };
  if (!token) {
    app.get(METRICS_PATH, route, async () => {
      throw new HttpProblem(404, 'route-not-found', `Адресу GET ${METRICS_PATH} не знайдено`);
    });
    return;
  }

  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'dovira_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, and how long they took',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    requests.observe(
      { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  const configured: Exchange[] = [...(context.config.kamailioEvapi ? ['kamailio' as const] : []), ...(context.config.ari ? ['asterisk' as const] : [])];
  const exchanges = sources.exchanges ?? new ExchangeLinks();
  new Gauge({
    name: 'dovira_pbx_connected',
    help: 'Whether Dovira is connected to a configured exchange (kamailio evapi, Asterisk ARI): 1 yes, 0 no',
    labelNames: ['exchange'] as const,
    registers: [registry],
    collect() {
      for (const exchange of configured) this.set({ exchange }, exchanges.isConnected(exchange) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'dovira_live_connections',
    help: 'Screens connected to the live channel (WebSocket /api/v1/live) of this process',
    registers: [registry],
    collect() {
      this.set(app.websocketServer.clients.size);
    },
  });
  const pool = sources.pool;
  if (pool) {
    new Gauge({
      name: 'dovira_db_pool_connections',
      help: 'Database connections of this process: busy (running a query or a transaction) and idle',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        this.set({ state: 'busy' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
      },
    });
    new Gauge({
      name: 'dovira_db_pool_waiting_requests',
      help: 'Queries of this process waiting for a free database connection',
      registers: [registry],
      collect() {
        this.set(pool.waitingCount);
      },
    });
    const max = pool.options?.max;
    if (max !== undefined) {
      new Gauge({ name: 'dovira_db_pool_max_connections', help: 'Most database connections this process opens', registers: [registry] }).set(max);
    }
  }
  const outboxPending = new Gauge({ name: 'dovira_outbox_pending_deliveries', help: 'E-mails in the outbox waiting to be sent or retried', registers: [registry] });
  const outboxFailed = new Gauge({ name: 'dovira_outbox_failed_deliveries', help: 'E-mails given up on for good (the reason is in GET /api/v1/notifications/deliveries)', registers: [registry] });
  const outboxUnexpanded = new Gauge({ name: 'dovira_outbox_unexpanded_events', help: 'Outbox events whose e-mails have not been written yet', registers: [registry] });
  const outboxOldest = new Gauge({ name: 'dovira_outbox_oldest_pending_age_seconds', help: 'Age of the oldest e-mail or outbox event still waiting; 0 when none waits', registers: [registry] });
  const forwarding = new Gauge({
    name: 'dovira_forwarding_appeals',
    help: 'A3: appeals still to forward: due_today (the Standard\'s same day), late (past it), late_by_law (past the Law\'s 5 days too); at most 500 are counted',
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const show = (figures: DatabaseFigures) => {
    outboxPending.set(figures.outbox.pendingDeliveries);
    outboxFailed.set(figures.outbox.failedDeliveries);
    outboxUnexpanded.set(figures.outbox.unexpandedEvents);
    outboxOldest.set(figures.outbox.oldestPendingAgeSeconds);
    forwarding.set({ state: 'due_today' }, figures.forwarding.dueToday);
    forwarding.set({ state: 'late' }, figures.forwarding.late);
    forwarding.set({ state: 'late_by_law' }, figures.forwarding.lateByLaw);
  };

  const expected = sha256(token);
  app.get(METRICS_PATH, route, async (request, reply) => {
    const presented = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    // Hashed first, so the comparison takes the same time whatever the length of the guess.
    if (presented === undefined || !sameSecret(sha256(presented), expected)) {
      reply.header('www-authenticate', 'Bearer realm="dovira-metrics"');
      throw new HttpProblem(401, 'metrics-token', 'Метрики доступні лише з токеном: заголовок Authorization: Bearer <DOVIRA_METRICS_TOKEN>');
    }
    // Read now, so Prometheus sees the outbox as it is; a database that cannot answer fails the scrape.
    show(await readDatabaseFigures(context.db, context.now()));
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
