// Errors as RFC 9457 problem documents: a Ukrainian message for people, field details for forms.
import type { OpenAPIV3_1 } from 'openapi-types';

export interface FieldError {
  /** Dotted path of the offending field, e.g. "email" or "caller.phone". */
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** ProblemBody as the API document shows it (components.schemas.Problem). */
export const PROBLEM_JSON_SCHEMA: OpenAPIV3_1.SchemaObject = {
  type: 'object',
  description: 'Відмова за RFC 9457: українське пояснення для людини, для форм — поля з помилками',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', description: 'urn:dovira:problem:<код>, напр. urn:dovira:problem:validation', examples: ['urn:dovira:problem:not-found'] },
    title: { type: 'string', description: 'Загальна назва відмови за статусом' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'Що сталося і що робити, українською' },
    errors: {
      type: 'array',
      description: 'Поля запиту з помилками',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string', description: 'Шлях до поля через крапку, напр. caller.phone' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
};

const TITLES: Record<number, string> = {
  400: 'Некоректний запит',
  401: 'Потрібен вхід у систему',
  403: 'Доступ заборонено',
  404: 'Не знайдено',
  405: 'Метод не дозволено',
  409: 'Конфлікт',
  413: 'Запит завеликий',
  414: 'Адреса задовга',
  415: 'Непідтримуваний формат',
  422: 'Дію неможливо виконати',
  423: 'Обліковий запис заблоковано',
  429: 'Забагато запитів',
  500: 'Внутрішня помилка',
  503: 'Сервіс недоступний',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Внутрішня помилка' : 'Помилка запиту');
}

/** Thrown by domain code and routes; the error handler turns it into application/problem+json. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;
  /** Seconds after which a refused request may be tried again, sent as Retry-After (429, 503). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, code: string, detail: string, options: { errors?: FieldError[]; extensions?: Record<string, unknown>; retryAfterSeconds?: number } = {}) {
    super(detail);
    this.status = status;
    this.code = code;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toBody(): ProblemBody {
    return problemBody(this.status, this.code, this.message, this.errors, this.extensions);
  }
}

/** Said of a field the request may not carry; the field itself names it, so its name is not repeated. */
export const UNKNOWN_FIELD = 'Невідоме поле: запит не приймає поля з такою назвою';

/** Longest field path an answer names: an unknown field's name is the client's own text, of any length. */
export const MAX_FIELD_LENGTH = 100;
const MAX_MESSAGE_LENGTH = 500;

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max)}…`);

export function problemBody(
  status: number,
  code: string,
  detail: string,
  errors?: FieldError[],
  extensions: Record<string, unknown> = {},
): ProblemBody {
  return {
    type: `urn:dovira:problem:${code}`,
    title: titleFor(status),
    status,
    detail,
    ...(errors && errors.length > 0 ? { errors: errors.map((error) => ({ ...error, field: cut(error.field, MAX_FIELD_LENGTH), message: cut(error.message, MAX_MESSAGE_LENGTH) })) } : {}),
    ...extensions,
  };
}

export const notFound = (what: string): HttpProblem => new HttpProblem(404, 'not-found', `${what} не знайдено`);
export const conflict = (code: string, detail: string): HttpProblem => new HttpProblem(409, code, detail);
export const unprocessable = (code: string, detail: string, errors?: FieldError[]): HttpProblem =>
  new HttpProblem(422, code, detail, errors ? { errors } : {});

/**
 * Why a domain will not do what was asked, told without HTTP: `not_found` (the thing is not there, or
 * not the asker's to see), `conflict` (the request is well formed, but the thing is not in a state
 * that allows it, often because someone else has just changed it), `unprocessable` (the request asks
 * for what the rules never allow). The edge answers each with its status: see REFUSAL_STATUS.
 */
export type RefusalKind = 'not_found' | 'conflict' | 'unprocessable';

const REFUSAL_STATUS: Record<RefusalKind, number> = { not_found: 404, conflict: 409, unprocessable: 422 };

/**
 * Thrown by domain code instead of an HttpProblem: the kind of refusal, a code (the problem type's last
 * part), the Ukrainian message and the fields at fault. The error handler maps it with `refusalProblem`.
 */
export class Refusal extends Error {
  readonly kind: RefusalKind;
  readonly code: string;
  readonly errors: FieldError[] | undefined;

  constructor(kind: RefusalKind, code: string, message: string, errors?: FieldError[]) {
    super(message);
    this.kind = kind;
    this.code = code;
    this.errors = errors;
  }
}

export function refusalProblem(refusal: Refusal): HttpProblem {
  return new HttpProblem(REFUSAL_STATUS[refusal.kind], refusal.code, refusal.message, refusal.errors ? { errors: refusal.errors } : {});
}

/** The domain's «not found»: the same words as `notFound`. */
export const missing = (what: string): Refusal => new Refusal('not_found', 'not-found', `${what} не знайдено`);
