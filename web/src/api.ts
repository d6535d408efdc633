// Talks to Dovira's API: the session cookie travels by itself, writes carry the CSRF token, and
// every refusal arrives as an ApiError holding the server's Ukrainian message and field errors.

export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem document from the server, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: FieldError[];
  readonly body: Record<string, unknown>;
  /** From Retry-After on a 429 or 503: how long to wait before trying again. */
  retryAfterSeconds: number | null = null;

  constructor(status: number, code: string, message: string, fieldErrors: FieldError[] = [], body: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.body = body;
  }

  /** The message for one form field, e.g. 'surname' or 'phone'. */
  fieldMessage(field: string): string | undefined {
    return this.fieldErrors.find((error) => error.field === field || error.field.endsWith(`.${field}`))?.message;
  }
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** Called when the server says the session is gone, so the app can show the login screen. */
let onUnauthenticated: () => void = () => {};
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie('dovira_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Немає зв’язку з сервером. Перевірте мережу; введене збережено, спробуйте ще раз');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = text ? (safeJson(text) as Record<string, unknown> | undefined) : undefined;
  if (!response.ok) {
    if (response.status === 401 && path !== '/auth/login') onUnauthenticated();
    const problem = body ?? {};
    const code = typeof problem.type === 'string' ? problem.type.replace('urn:dovira:problem:', '') : 'http';
    const message = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : `Помилка ${response.status}`;
    const errors = Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [];
    const failure = new ApiError(response.status, code, message, errors, problem);
    const retryAfter = Number(response.headers.get('retry-after'));
    if (Number.isInteger(retryAfter) && retryAfter > 0) failure.retryAfterSeconds = retryAfter;
    throw failure;
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>('GET', path, { signal });
export const post = <T>(path: string, body: unknown = {}, idempotencyKey?: string) => api<T>('POST', path, { body, idempotencyKey });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, { body });
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, { body });
export const del = <T>(path: string) => api<T>('DELETE', path);
