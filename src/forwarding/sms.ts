// SMS to applicants (A3: the applicant is told of the forwarding) through a small provider
// interface. The one implementation speaks a plain HTTP contract that most SMS gateways can be put
// behind: POST {SMS_GATEWAY_URL} with `Authorization: Bearer {SMS_GATEWAY_TOKEN}`, an
// `Idempotency-Key` and the JSON body {"to": "+380…", "text": "…"}; a 2xx answer with JSON
// {"id": "…"} means accepted. The key is the same every time the same message is tried, so a
// gateway that honours it sends the message once even when Dovira sends it again after a lost
// answer or a crash in the middle of sending.
import type { Config } from '../config.ts';

export interface SmsSender {
  /**
   * Resolves with the provider's message id once accepted; rejects with a Ukrainian reason.
   * `key` names the message: every try of the same message carries the same key.
   */
  send(to: string, text: string, key: string): Promise<{ providerId: string }>;
}

const SEND_TIMEOUT_MS = 10_000;

export class HttpSmsGateway implements SmsSender {
  readonly #url: string;
  readonly #token: string | undefined;

  constructor(url: string, token: string | undefined) {
    this.#url = url;
    this.#token = token;
  }

  async send(to: string, text: string, key: string): Promise<{ providerId: string }> {
    let response: Response;
    try {
      response = await fetch(this.#url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, ...(this.#token ? { authorization: `Bearer ${this.#token}` } : {}) },
        body: JSON.stringify({ to, text }),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    } catch {
      throw new Error('SMS-шлюз недоступний або не відповів вчасно');
    }
    if (!response.ok) throw new Error(`SMS-шлюз не прийняв повідомлення (HTTP ${response.status})`);
    const body = (await response.json().catch(() => null)) as { id?: unknown } | null;
    if (!body || (typeof body.id !== 'string' && typeof body.id !== 'number')) throw new Error('SMS-шлюз не повернув ідентифікатор повідомлення');
    return { providerId: String(body.id).slice(0, 200) };
  }
}

/** The configured sender, or null when SMS_GATEWAY_URL is unset (SMS disabled). */
export function smsSenderOf(config: Pick<Config, 'smsGatewayUrl' | 'smsGatewayToken'>): SmsSender | null {
  return config.smsGatewayUrl ? new HttpSmsGateway(config.smsGatewayUrl, config.smsGatewayToken) : null;
}

/** The key of the one SMS that tells an appeal's applicant of its forwarding. */
export function applicantSmsKey(appealId: string): string {
  return `dovira-applicant-notice-${appealId}`;
}
