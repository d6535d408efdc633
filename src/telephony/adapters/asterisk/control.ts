// What Dovira asks of Asterisk through ARI's REST interface: end a call, dial a callback, hand a
// call that entered Dovira's Stasis application back to the dialplan. Plain fetch with ARI's basic
// auth; every failure is an AriRequestError whose message says in Ukrainian what went wrong.
// AsteriskCallControl puts the hangup behind Dovira's call-control port (src/telephony/ports/call-control.ts).
import { randomUUID } from 'node:crypto';
import type { CallControl, ExchangeHangupReason, HangupOutcome } from '../../ports/call-control.ts';

/** Where ARI is and who Dovira is to it (ari.conf user, Stasis application name). */
export interface AriSettings {
  /** Asterisk's HTTP server, e.g. http://pbx.example:8088 (a trailing /ari is accepted). */
  url: string;
  username: string;
  password: string;
  app: string;
}

/** The base of ARI's REST paths: http://host:8088/ari. */
export function ariBase(url: string): string {
  return `${url.replace(/(?<!\/)\/+$/, '').replace(/\/ari$/, '')}/ari`;
}

export function ariAuthorization(settings: Pick<AriSettings, 'username' | 'password'>): string {
  return `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
}

/** The reasons ARI accepts for hanging a channel up (DELETE /channels/{id}?reason=…). */
export const HANGUP_REASONS = [
  'normal', 'busy', 'congestion', 'no_answer', 'timeout', 'rejected', 'unallocated',
  'normal_unspecified', 'number_incomplete', 'codec_mismatch', 'interworking', 'failure', 'answered_elsewhere',
] as const;
export type HangupReason = (typeof HANGUP_REASONS)[number];

export type AriFailure = 'invalid' | 'unreachable' | 'timeout' | 'unauthorized' | 'not_found' | 'conflict' | 'rejected' | 'asterisk_error';

export class AriRequestError extends Error {
  readonly code: AriFailure;
  /** ARI's HTTP status, null when no answer came. */
  readonly status: number | null;
  /** Asterisk's own words ({"message": …}), kept apart from the Ukrainian message. */
  readonly detail: string | null;
  /** Why, in Ukrainian, without the «what failed» the message starts with. */
  readonly why: string;

  constructor(code: AriFailure, what: string, why: string, status: number | null = null, detail: string | null = null) {
    super(`${what}: ${why}`);
    this.name = 'AriRequestError';
    this.code = code;
    this.why = why;
    this.status = status;
    this.detail = detail;
  }
}

/** A callback: Asterisk first rings `endpoint`, and once it answers, sends it to extension@context (or into `app`). */
export interface OriginateRequest {
  /** Technology/resource, e.g. PJSIP/1017 (the operator's phone) or PJSIP/0501234567@trunk. */
  endpoint: string;
  context?: string;
  extension?: string;
  priority?: number;
  /** Another Stasis application to put the answered channel in, instead of extension@context. */
  app?: string;
  appArgs?: string;
  /** What the called phone shows, e.g. "Контакт-центр <0800501234>". */
  callerId?: string;
  /** How long to ring `endpoint`, 1-300 s (ARI's default is 30). */
  timeoutSeconds?: number;
  /** Channel variables set on the new channel, e.g. { DOVIRA_CALLBACK: "<id>" }. */
  variables?: Record<string, string>;
  /** The new channel's id; Dovira picks one so it knows the call before Asterisk's first event. */
  channelId?: string;
}

type Operation = 'hangup' | 'originate' | 'continue';

const FAILED: Record<Operation, string> = {
  hangup: 'Не вдалося завершити дзвінок в Asterisk',
  originate: 'Не вдалося почати дзвінок через Asterisk',
  continue: 'Не вдалося повернути дзвінок до плану набору Asterisk',
};

const ENDPOINT = /^[A-Za-z0-9_]+\/\S{1,200}$/;
const NAME = /^[\w.+*#@-]{1,80}$/;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export interface AriControlOptions {
  /** How long to wait for Asterisk's answer (10 s unless told). */
  timeoutMs?: number;
}

export class AriControl {
  private readonly base: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;

  constructor(settings: Pick<AriSettings, 'url' | 'username' | 'password'>, options: AriControlOptions = {}) {
    this.base = ariBase(settings.url);
    this.authorization = ariAuthorization(settings);
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Ends a call: DELETE /ari/channels/{id}?reason=… (the call's id in Dovira is its first channel's id). */
  async hangup(channelId: string, reason: HangupReason = 'normal'): Promise<void> {
    checkChannelId('hangup', channelId);
    if (!(HANGUP_REASONS as readonly string[]).includes(reason)) {
      throw new AriRequestError('invalid', FAILED.hangup, `невідома причина «${String(reason)}»; допустимі: ${HANGUP_REASONS.join(', ')}`);
    }
    await this.request('hangup', 'DELETE', `/channels/${encodeURIComponent(channelId)}`, { reason });
  }

  /** Dials a callback: POST /ari/channels with the parameters in the query and the variables in the body. */
  async originate(request: OriginateRequest): Promise<{ channelId: string; name: string }> {
    const fail = (why: string) => new AriRequestError('invalid', FAILED.originate, why);
    if (!ENDPOINT.test(request.endpoint)) throw fail('кінцева точка має вигляд ТЕХНОЛОГІЯ/ресурс, напр. PJSIP/1017');
    const toExtension = request.extension !== undefined;
    if (toExtension === (request.app !== undefined)) throw fail('вкажіть, куди спрямувати дзвінок після відповіді: або extension (з context), або app');
    if (toExtension && !NAME.test(request.extension!)) throw fail('extension: цифри, латинські літери та . + * # @ - _');
    if (request.context !== undefined && !NAME.test(request.context)) throw fail('context: латинські літери, цифри та . + * # @ - _');
    if (request.app !== undefined && !NAME.test(request.app)) throw fail('app: латинські літери, цифри та . + * # @ - _');
    if (request.priority !== undefined && (!Number.isInteger(request.priority) || request.priority < 1)) throw fail('priority: ціле число від 1');
    const timeout = request.timeoutSeconds ?? 30;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 300) throw fail('час очікування відповіді: ціле число секунд від 1 до 300');
    for (const [label, text] of [['callerId', request.callerId], ['appArgs', request.appArgs]] as const) {
      if (text !== undefined && (text.length > 200 || CONTROL_CHARACTERS.test(text))) throw fail(`${label}: до 200 символів, без керівних символів`);
    }
    const variables = request.variables ?? {};
    for (const [name, value] of Object.entries(variables)) {
      if (!/^_{0,2}[A-Za-z][\w()]{0,79}$/.test(name) || typeof value !== 'string' || value.length > 1000 || CONTROL_CHARACTERS.test(value)) {
        throw fail(`змінна «${name.slice(0, 80)}»: ім’я з латинських літер і цифр, значення — текст до 1000 символів`);
      }
    }
    const channelId = request.channelId ?? `dovira-${randomUUID()}`;
    checkChannelId('originate', channelId);

    const query: Record<string, string> = { endpoint: request.endpoint, timeout: String(timeout), channelId };
    if (toExtension) {
      query.extension = request.extension!;
      if (request.context !== undefined) query.context = request.context;
      if (request.priority !== undefined) query.priority = String(request.priority);
    } else {
      query.app = request.app!;
      if (request.appArgs !== undefined) query.appArgs = request.appArgs;
    }
    if (request.callerId !== undefined) query.callerId = request.callerId;
    const channel = await this.request('originate', 'POST', '/channels', query, { variables }) as { id?: unknown; name?: unknown } | null;
    return { channelId: typeof channel?.id === 'string' ? channel.id : channelId, name: typeof channel?.name === 'string' ? channel.name : '' };
  }

  /** Hands a channel that entered Stasis back to the dialplan, at the priority after Stasis(). */
  async continueInDialplan(channelId: string): Promise<void> {
    checkChannelId('continue', channelId);
    await this.request('continue', 'POST', `/channels/${encodeURIComponent(channelId)}/continue`, {});
  }

  private async request(operation: Operation, method: string, path: string, query: Record<string, string>, body?: unknown): Promise<unknown> {
    const url = `${this.base}${path}${Object.keys(query).length > 0 ? `?${new URLSearchParams(query)}` : ''}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: this.authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new AriRequestError('timeout', FAILED[operation], `Asterisk не відповів за ${(this.timeoutMs / 1000).toLocaleString('uk-UA')} с`);
      }
      throw new AriRequestError('unreachable', FAILED[operation], `немає з’єднання з Asterisk (${new URL(this.base).host}); перевірте ARI_URL і чи працює Asterisk`);
    }
    const text = await response.text().catch(() => '');
    let json: unknown = null;
    try { json = text === '' ? null : JSON.parse(text); } catch { json = null; }
    if (response.ok) return json;
    const detail = typeof (json as { message?: unknown } | null)?.message === 'string' ? (json as { message: string }).message.slice(0, 300) : null;
    throw failure(operation, response.status, detail);
  }
}

function checkChannelId(operation: Operation, channelId: string): void {
  if (typeof channelId !== 'string' || channelId.length === 0 || channelId.length > 128 || CONTROL_CHARACTERS.test(channelId)) {
    throw new AriRequestError('invalid', FAILED[operation], 'ідентифікатор каналу має бути непорожнім текстом до 128 символів');
  }
}

function failure(operation: Operation, status: number, detail: string | null): AriRequestError {
  const said = detail ? ` (Asterisk: «${detail}»)` : '';
  const what = FAILED[operation];
  if (status === 401 || status === 403) {
    return new AriRequestError('unauthorized', what, 'Asterisk не прийняв облікові дані ARI; перевірте ARI_USERNAME, ARI_PASSWORD і read_only = no в ari.conf', status, detail);
  }
  if (status === 404) {
    const why = operation === 'originate'
      ? 'Asterisk не знайшов потрібного ресурсу; перевірте ARI_URL і кінцеву точку'
      : 'такого каналу в Asterisk немає — дзвінок, імовірно, уже завершено';
    return new AriRequestError('not_found', what, `${why}${said}`, status, detail);
  }
  if (status === 409) {
    const why = operation === 'originate' ? 'канал із таким ідентифікатором уже існує' : 'канал уже не перебуває в застосунку Dovira (Stasis)';
    return new AriRequestError('conflict', what, `${why}${said}`, status, detail);
  }
  if (status >= 500) return new AriRequestError('asterisk_error', what, `внутрішня помилка Asterisk (HTTP ${status})${said}`, status, detail);
  return new AriRequestError('rejected', what, `Asterisk відхилив запит (HTTP ${status})${said}`, status, detail);
}

/**
 * Dovira's call-control port on Asterisk: the operator ended a call in Dovira (no audio, abuse), so
 * its first channel is hung up, which ends every leg bridged to it. Never throws (the port's rule).
 */
export class AsteriskCallControl implements CallControl {
  private readonly control: Pick<AriControl, 'hangup'>;

  constructor(control: Pick<AriControl, 'hangup'>) {
    this.control = control;
  }

  async hangup({ pbxCallId }: { pbxCallId: string; reason: ExchangeHangupReason }): Promise<HangupOutcome> {
    try {
      // ARI's reasons are Q.850 causes; Dovira's own reasons stay in its audit trail.
      await this.control.hangup(pbxCallId, 'normal');
      return { ok: true };
    } catch (error) {
      if (!(error instanceof AriRequestError)) return { ok: false, failure: 'refused', message: 'Asterisk: невідома помилка' };
      const failure = error.code === 'not_found' ? 'not_found' : error.code === 'unreachable' || error.code === 'timeout' ? 'unreachable' : 'refused';
      return { ok: false, failure, message: error.why };
    }
  }
}
