// The API document (OpenAPI 3.1, served at /api/docs). Who may call each operation and what it may
// answer are read from the route's own declaration — config.access and config.tokenScope, which the
// access hook enforces, and the route's schema — so the document cannot drift from what the server does.
import type { FastifySchema, RouteOptions } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { FastifyDynamicSwaggerOptions, SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Role } from '../db/schema.ts';
import { ROLES, SAFE_METHODS, type Access } from './access.ts';
import { PROBLEM_JSON_SCHEMA, titleFor } from './problem.ts';

/** The refusals a route may declare itself (`schema.problems`): those its declaration does not already imply. */
export type DeclaredProblem = 401 | 403 | 404 | 409 | 422 | 429 | 502 | 503;

declare module 'fastify' {
  interface FastifySchema {
    /**
     * Problem answers this route gives beyond the ones its declaration implies (400 for every route;
     * 401 and 403 for every non-public one; 413 and 415 for a method with a body; 414 for a parameter
     * in the path, 404 when it is an id; 429 for a rate limit): only documented, they change nothing
     * in how the route answers.
     */
    problems?: readonly DeclaredProblem[];
  }
}

/** Where a request carries its credentials; the names belong to the sign-in (src/auth/principal.ts). */
export interface CredentialNames {
  sessionCookie: string;
  csrfHeader: string;
}

/** The security schemes, by the names operations refer to (see securityOf). */
function securitySchemes({ sessionCookie, csrfHeader }: CredentialNames): Record<string, OpenAPIV3_1.SecuritySchemeObject> {
  return {
    session: {
      type: 'apiKey', in: 'cookie', name: sessionCookie,
      description: 'Сесія браузера: кука, яку видає вхід (POST /api/v1/auth/login). HttpOnly, SameSite=Strict.',
    },
    csrf: {
      type: 'apiKey', in: 'header', name: csrfHeader,
      description: 'CSRF-токен сесії (з відповіді на вхід або GET /api/v1/auth/me): потрібен разом із сесією на кожен запит, що змінює дані.',
    },
    apiToken: {
      type: 'http', scheme: 'bearer',
      description: 'API-токен машинного користувача (роль pbx), виданий адміністратором, з терміном дії й областю (scope): відкриває лише маршрути своєї області (telephony).',
    },
  };
}

/** The document's own part: everything except the operations, which come from the routes. */
export function documentBase(publicUrl: string, credentials: CredentialNames): FastifyDynamicSwaggerOptions['openapi'] {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dovira API',
      version: '1',
      description: 'API контакт-центру судової влади України. Відмови — документи application/problem+json (RFC 9457) з українським поясненням.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: publicUrl, description: 'Адреса Dovira (DOVIRA_PUBLIC_URL)' }],
    components: {
      securitySchemes: securitySchemes(credentials),
      schemas: { Problem: PROBLEM_JSON_SCHEMA },
    },
  };
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const ID_PARAMETER = /\/:(?:id|\w+Id)(?:\/|$)/;

/** Why each implied or declared refusal happens, shown beside its status. */
const REASONS: Record<number, string> = {
  400: 'Запит не відповідає схемі (поля названо в errors) або містить символи, яких не може бути в тексті',
  401: 'Немає чинної сесії чи API-токена',
  404: 'Об’єкта з таким ідентифікатором немає або він не видимий цьому користувачеві',
  413: 'Тіло запиту завелике',
  414: 'Параметр в адресі довший, ніж буває',
  415: 'Тіло не у форматі application/json',
  429: 'Забагато запитів; Retry-After каже, коли спробувати знову',
};

function methodsOf(route: RouteOptions): string[] {
  return [route.method].flat().filter((method) => method !== 'HEAD');
}

/** The security requirements that match the access hook: one alternative per way in. */
export function securityOf(access: Access, tokenScope: string | undefined, methods: readonly string[]): Record<string, string[]>[] {
  if (access === 'public') return [];
  const writes = methods.some((method) => !SAFE_METHODS.has(method));
  const session: Record<string, string[]> = writes ? { session: [], csrf: [] } : { session: [] };
  return tokenScope === undefined ? [session] : [{ apiToken: [tokenScope] }, session];
}

function rolesOf(access: Exclude<Access, 'public'>): readonly Role[] {
  return access === 'authenticated' ? ROLES : access;
}

function accessText(access: Access, tokenScope: string | undefined): string {
  if (access === 'public') return 'Доступ: без входу.';
  if (access === 'authenticated') return 'Доступ: будь-який користувач після входу.';
  const roles = `${access.length === 1 ? 'роль' : 'ролі'} ${access.join(', ')}`;
  return `Доступ: ${roles}${tokenScope ? ` — сесія або API-токен з областю ${tokenScope}` : ''}.`;
}

/** The problem statuses an operation may answer with: implied by its declaration, plus its own. */
export function problemStatusesOf(route: RouteOptions): number[] {
  const schema = route.schema as FastifySchema | undefined;
  const statuses = new Set<number>(schema?.problems ?? []);
  // Any address may hold what cannot be text (a NUL, a broken percent-encoding), not only the fields a schema names.
  statuses.add(400);
  if (route.config?.access !== 'public') [401, 403].forEach((status) => statuses.add(status));
  if (methodsOf(route).some((method) => BODY_METHODS.has(method))) [413, 415].forEach((status) => statuses.add(status));
  if (ID_PARAMETER.test(route.url)) statuses.add(404);
  if (route.url.includes('/:')) statuses.add(414);
  if (route.config?.rateLimit) statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

/** A route without a response schema sends a file (or nothing): its types are what it produces. */
function fileAnswer(produces: readonly string[] | undefined) {
  const content = Object.fromEntries((produces ?? []).map((type) => [type, { schema: { type: 'string', contentMediaType: type } }]));
  return { description: 'Успішна відповідь', ...(produces?.length ? { content } : {}) };
}

/** Why a caller who did sign in is refused: what the access hook checks for this route. */
function forbiddenReason(route: RouteOptions): string {
  if (route.config?.access === 'public') return 'Роль не дає права на цю дію';
  const writes = methodsOf(route).some((method) => !SAFE_METHODS.has(method));
  return `Роль не дає права на цю дію${writes ? ', немає CSRF-токена сесії' : ''} або API-токен не відкриває цю адресу`;
}

function problemResponse(status: number, route: RouteOptions) {
  return {
    description: status === 403 ? forbiddenReason(route) : REASONS[status] ?? titleFor(status),
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/**
 * The swagger transform: zod schemas to JSON Schema, then each operation's security, roles and
 * problem answers, from the same declaration the access hook reads.
 */
export const describeOperation: SwaggerTransform = (input) => {
  const { schema, url } = jsonSchemaTransform(input as Parameters<typeof jsonSchemaTransform>[0]);
  const route = input.route;
  const access = route.config?.access;
  if (access === undefined) return { schema, url };
  const { problems: _declared, ...documented } = schema as FastifySchema & Record<string, unknown>;
  if (documented.security && access !== 'public') {
    throw new Error(`Маршрут ${route.url}: вимоги безпеки в документі API випливають з config.access і config.tokenScope, а не з schema.security`);
  }
  const tokenScope = route.config?.tokenScope;
  const response = { ...(documented.response as Record<string, unknown> | undefined ?? { 200: fileAnswer(documented.produces) }) };
  for (const status of problemStatusesOf(route)) response[status] ??= problemResponse(status, route);
  const description = [documented.description, accessText(access, tokenScope)].filter(Boolean).join('\n\n');
  return {
    url,
    schema: {
      ...documented,
      description,
      // Only a public route that checks a credential itself (the Zammad webhook) declares it in its schema.
      security: documented.security ?? securityOf(access, tokenScope, methodsOf(route)),
      ...(access === 'public' ? {} : { 'x-roles': rolesOf(access) }),
      response,
    },
  };
};
