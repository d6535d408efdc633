import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import { z } from 'zod';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { allows, SAFE_METHODS, type Access } from './http/access.ts';
import { describeOperation, documentBase } from './http/openapi.ts';
import { HttpProblem, MAX_FIELD_LENGTH, problemBody, Refusal, refusalProblem, UNKNOWN_FIELD, type FieldError } from './http/problem.ts';
import { answerFrameworkError } from './http/framework-errors.ts';
import { registerStrictJsonParser } from './http/json-parser.ts';
import { refuseUnstorableText } from './http/storable-text.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { CSRF_HEADER, resolvePrincipal, SESSION_COOKIE } from './auth/principal.ts';
import { clientAddress } from './http/client-address.ts';
import { waitText } from './http/retry-after.ts';
import type { TokenScope } from './db/schema.ts';
import { sameSecret } from './auth/secrets.ts';
import { authRoutes } from './auth/routes.ts';
import { userRoutes } from './users/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { settingsRoutes } from './settings/routes.ts';
import { callRoutes } from './calls/routes.ts';
import { unansweredRoutes } from './calls/unanswered-routes.ts';
import { appealRoutes } from './appeals/routes.ts';
import { courtRoutes } from './courts/routes.ts';
import { knowledgeRoutes } from './knowledge/routes.ts';
import { callbackRoutes } from './callbacks/routes.ts';
import { liveRoutes } from './live/routes.ts';
import { notificationRoutes } from './notifications/routes.ts';
import { forwardingRoutes } from './forwarding/routes.ts';
import { telephonyRoutes } from './telephony/routes.ts';
import { zammadRoutes } from './telephony/adapters/zammad/routes.ts';
import { blockedNumberRoutes } from './telephony/blocked-number-routes.ts';
import { surveyRoutes } from './survey/routes.ts';
import { LocalLiveBus, type LiveBus } from './live/bus.ts';
import type { CallControl } from './telephony/ports/call-control.ts';
import type { CallbackDialler } from './telephony/ports/callback-dialler.ts';
import { EventIngestQueue } from './telephony/ingest.ts';
import { notFoundPage, webRoutes } from './web/static.ts';
import { namedFieldMessage, usePlainZodMessages } from './http/zod-messages.ts';
import { registerMetrics, type MetricsSources } from './metrics/metrics.ts';
import type { AppContext } from './http/context.ts';

usePlainZodMessages();

export interface BuildOptions {
  db: Db;
  config: Config;
  live?: LiveBus;
  now?: () => Date;
  callControl?: CallControl | undefined;
  /** Dials callbacks (H3); chosen by `npm start` from DOVIRA_DIALLER_*, which also closes it. */
  callbackDialler?: CallbackDialler | null | undefined;
  /** Given by `npm start`, which hands the same one to the kamailio and Asterisk adapters. */
  eventQueue?: EventIngestQueue;
  /**
   * Security headers, the check for unstorable text and the rate limits: always on, except where
   * `npm run bench` starts a second server without them to measure what they cost.
   */
  hardening?: boolean;
  /** A pino logger configuration or false; the server passes its own, tests usually none. */
  logger?: boolean | Record<string, unknown>;
  /** What GET /metrics reports besides the database: the connection pool, the exchanges' links. */
  metrics?: MetricsSources;
}

/** Every route with who may call it: the role × route test walks this list. */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
  /** The API-token scope admitted (config.tokenScope); API tokens are refused everywhere else. */
  tokenScope: TokenScope | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    declaredRoutes: DeclaredRoute[];
  }
}

const UNDECLARED_OK = ['/api/docs'];

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const live = options.live ?? new LocalLiveBus();
  const context: AppContext = {
    db: options.db, config: options.config, live, now: options.now ?? (() => new Date()), callControl: options.callControl,
    callbackDialler: options.callbackDialler,
    eventQueue: options.eventQueue ?? new EventIngestQueue(options.db, live),
  };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.config.bodyLimitBytes,
    // Only the listed proxies' X-Forwarded-For is believed; nobody's when the list is empty.
    trustProxy: options.config.trustedProxies.length > 0 ? options.config.trustedProxies : false,
    frameworkErrors: answerFrameworkError,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerStrictJsonParser(app);
  app.decorateRequest('principal', null);

  const routes: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', routes);
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access !== undefined) {
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, access, tokenScope: route.config?.tokenScope });
    }
    if (access === undefined && !UNDECLARED_OK.some((prefix) => route.url.startsWith(prefix))) {
      throw new Error(`Маршрут ${route.method} ${route.url} не оголошує, хто може його викликати (config.access)`);
    }
  });

  const hardened = options.hardening !== false;
  if (hardened) registerSecurityHeaders(app, options.config.publicUrl);
  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 4096 } });
  if (hardened) await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => clientAddress(request) ?? 'unknown',
    errorResponseBuilder: (_request, context) => rateLimited(context.ttl),
  });
  await app.register(swagger, {
    openapi: documentBase(options.config.publicUrl, { sessionCookie: SESSION_COOKIE, csrfHeader: CSRF_HEADER }),
    transform: describeOperation,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access as Access | undefined;
    if (access === undefined) return;
    request.principal = await resolvePrincipal(context.db, request, context.now());
    const verdict = allows(access, request.principal);
    if (verdict === 'unauthenticated') throw new HttpProblem(401, 'unauthenticated', 'Увійдіть у систему, щоб продовжити');
    if (verdict === 'forbidden') throw new HttpProblem(403, 'forbidden', 'Ваша роль не дає права на цю дію');
    const principal = request.principal;
    // A public route grants a token nothing; the Zammad webhook checks its own.
    if (access !== 'public' && principal?.via === 'token' && principal.tokenScope !== request.routeOptions.config.tokenScope) {
      throw new HttpProblem(403, 'token-scope', `API-токен дає доступ лише до маршрутів телефонії (${principal.tokenScope}), а не до цієї адреси`);
    }
    if (principal?.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !principal.csrfToken || !sameSecret(sent, principal.csrfToken)) {
        throw new HttpProblem(403, 'csrf', 'Запит відхилено: немає або неправильний CSRF-токен (заголовок X-CSRF-Token)');
      }
    }
  });

  if (hardened) app.addHook('preValidation', refuseUnstorableText);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = toProblem(error);
    if (status >= 500) {
      // The message and the stack only: a database error's detail may quote personal data.
      request.log.error({ err: { type: error.name, code: error.code, message: error.message, stack: error.stack } }, 'request failed');
    }
    if (error instanceof HttpProblem && error.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
    reply.status(status).type('application/problem+json').send(body);
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (await notFoundPage(request, reply)) return reply;
    const address = request.url.split('?')[0]!;
    const named = address.length > 200 ? `${address.slice(0, 200)}…` : address;
    return reply.status(404).type('application/problem+json').send(problemBody(404, 'route-not-found', `Адресу ${request.method} ${named} не знайдено`));
  });

  // Before the routes, so that its timing hook sees every one of them.
  registerMetrics(app, context, options.metrics);

  app.get('/api/v1/health', {
    config: { access: 'public' },
    schema: { operationId: 'getHealth', tags: ['service'], summary: 'Стан сервісу', response: { 200: z.object({ status: z.literal('ok'), database: z.literal('ok') }) } },
  }, async () => {
    await context.db.selectFrom('settings').select('key').limit(1).execute();
    return { status: 'ok' as const, database: 'ok' as const };
  });

  await app.register(async (api) => {
    await api.register(authRoutes, context);
    await api.register(userRoutes, context);
    await api.register(auditRoutes, context);
    await api.register(settingsRoutes, context);
    await api.register(callRoutes, context);
    await api.register(unansweredRoutes, context);
    await api.register(appealRoutes, context);
    await api.register(courtRoutes, context);
    await api.register(knowledgeRoutes, context);
    await api.register(callbackRoutes, context);
    await api.register(notificationRoutes, context);
    await api.register(forwardingRoutes, context);
    await api.register(liveRoutes, context);
    await api.register(telephonyRoutes, context);
    await api.register(zammadRoutes, context);
    await api.register(blockedNumberRoutes, context);
    await api.register(surveyRoutes, context);
  }, { prefix: '/api/v1' });

  await app.register(webRoutes);
  return app;
}

function rateLimited(ttlMs: number): HttpProblem {
  return new HttpProblem(429, 'rate-limited', `Забагато спроб. Спробуйте знову через ${waitText(ttlMs / 1000)}`);
}

/** What a person reads: the wrong fields themselves, each named, not a generic «check the data». */
function validationSentence(errors: FieldError[]): string {
  const name = (field: string) => (field.length <= MAX_FIELD_LENGTH ? field : `${field.slice(0, MAX_FIELD_LENGTH)}…`);
  const said = errors.map((e) => (e.message === UNKNOWN_FIELD ? `Невідоме поле «${name(e.field)}»: запит не приймає такого поля` : e.message));
  if (said.length === 0) return 'Запит некоректний';
  const shown = said.slice(0, 3).join('; ');
  return said.length > 3 ? `${shown}; і ще ${said.length - 3} — див. список помилок` : shown;
}

function toProblem(error: FastifyError): { status: number; body: ReturnType<typeof problemBody> } {
  if (error instanceof HttpProblem) return { status: error.status, body: error.toBody() };
  if (error instanceof Refusal) {
    const problem = refusalProblem(error);
    return { status: problem.status, body: problem.toBody() };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors: FieldError[] = error.validation.map((issue) => {
      const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const keys = (issue.params as { keys?: string[] }).keys; // unrecognised fields
      if (keys) return { field: keys.map((key) => (path ? `${path}.${key}` : key)).join(', '), message: UNKNOWN_FIELD };
      const field = path || (error.validationContext ?? 'body');
      return { field, message: namedFieldMessage(field.slice(0, MAX_FIELD_LENGTH), issue.message ?? 'некоректне значення') };
    });
    return { status: 400, body: problemBody(400, 'validation', validationSentence(errors), errors) };
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return { status, body: problemBody(413, 'too-large', 'Запит завеликий') };
  if (status === 415) return { status, body: problemBody(415, 'unsupported-media-type', 'Надсилайте дані у форматі application/json') };
  if (status === 429) return { status, body: problemBody(429, 'rate-limited', 'Забагато запитів. Спробуйте трохи згодом') };
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 400, body: problemBody(400, 'bad-body', 'Тіло запиту порожнє або має непідтримуваний формат') };
  }
  if (status >= 400 && status < 500) return { status, body: problemBody(status, 'bad-request', 'Запит некоректний') };
  return { status: 500, body: problemBody(500, 'internal', 'Сталася внутрішня помилка. Спробуйте ще раз; якщо повториться, повідомте адміністратора') };
}
