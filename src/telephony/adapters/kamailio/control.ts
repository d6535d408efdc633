// Ending a call through kamailio's JSON-RPC over HTTP (jsonrpcs + xhttp, see kamailio.cfg): the
// dialog is found by its Call-ID (dlg.list_match), then ended (dlg.end_dlg), which sends a BYE to
// both sides with a Reason header naming Dovira's reason; success is claimed only once both BYEs
// are known to have left.
import { createHash } from 'node:crypto';
import type { CallControl, ExchangeHangupReason, HangupOutcome } from '../../ports/call-control.ts';
import { pbxCallId } from './events.ts';

export interface KamailioCallControlOptions {
  /** e.g. http://127.0.0.1:5071/RPC (KAMAILIO_JSONRPC_URL). */
  url: string;
  timeoutMs?: number;
  /** How long to wait for a dialog still being set up to be confirmed. */
  confirmWaitMs?: number;
}

interface Dialog {
  h_entry: number;
  h_id: number;
  'call-id': string;
  state: number;
}

/** dialog module states: 1 unconfirmed, 2 early, 3 confirmed without ACK, 4 confirmed, 5 deleted. */
const CONFIRMED = 4;
const DELETED = 5;

class RpcError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}

class Unreachable extends Error {}

export class KamailioCallControl implements CallControl {
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #confirmWaitMs: number;
  #id = 0;

  constructor(options: KamailioCallControlOptions) {
    this.#url = options.url;
    this.#timeoutMs = options.timeoutMs ?? 3000;
    this.#confirmWaitMs = options.confirmWaitMs ?? 2000;
  }

  async hangup({ pbxCallId: callId, reason }: { pbxCallId: string; reason: ExchangeHangupReason }): Promise<HangupOutcome> {
    try {
      // A dialog is ended only once confirmed (the caller's ACK seen): ended a moment earlier, the
      // BYE can reach one phone and not the other. Just after the answer, that is a short wait.
      const deadline = Date.now() + this.#confirmWaitMs;
      for (;;) {
        const dialogs = (await this.#dialogsOf(callId)).filter((dialog) => dialog.state < DELETED);
        if (dialogs.length === 0) {
          return { ok: false, failure: 'not_found', message: 'АТС не має такого з’єднання: можливо, його вже завершено' };
        }
        const confirmed = dialogs.filter((dialog) => dialog.state === CONFIRMED);
        if (confirmed.length > 0) {
          for (const dialog of confirmed) {
            const sipCallId = dialog['call-id'];
            const before = await this.#byesSent(sipCallId);
            await this.#call('dlg.end_dlg', [dialog.h_entry, dialog.h_id, `Reason: Q.850;cause=16;text="dovira ${reason}"\r\n`]);
            if (!(await this.#bothSidesGotBye(sipCallId, before))) {
              return { ok: false, failure: 'refused', message: 'АТС розірвала з’єднання лише з одного боку' };
            }
          }
          return { ok: true };
        }
        if (Date.now() >= deadline) {
          return { ok: false, failure: 'refused', message: 'з’єднання на АТС ще не встановлено до кінця, спробуйте ще раз за мить' };
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch (error) {
      if (error instanceof Unreachable) return { ok: false, failure: 'unreachable', message: `АТС не відповідає: ${error.message}` };
      if (error instanceof RpcError && error.code === 404) {
        return { ok: false, failure: 'not_found', message: 'АТС не має такого з’єднання: можливо, його вже завершено' };
      }
      const code = error instanceof RpcError ? error.code : 'невідома помилка';
      return { ok: false, failure: 'refused', message: `АТС відмовила завершити з’єднання (код ${code})` };
    }
  }

  /**
   * How many BYEs kamailio itself sent for the call (the configuration counts them, htable byes).
   * dlg.end_dlg sends two, one after the other; in kamailio 5.6 the second is not sent when the
   * first side answered its BYE before it left, so both are checked for.
   */
  async #byesSent(sipCallId: string): Promise<number> {
    try {
      const result = await this.#call('htable.get', ['byes', createHash('md5').update(sipCallId).digest('hex')]) as { item?: { value?: unknown } };
      return typeof result?.item?.value === 'number' ? result.item.value : 0;
    } catch (error) {
      if (error instanceof RpcError) return 0; // "Key name doesn't exist": none sent yet
      throw error;
    }
  }

  async #bothSidesGotBye(sipCallId: string, before: number): Promise<boolean> {
    const deadline = Date.now() + 1000;
    for (;;) {
      if ((await this.#byesSent(sipCallId)) >= before + 2) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The dialogs of the call: by Call-ID, or (for a Call-ID Dovira keeps as a digest) by a look through all. */
  async #dialogsOf(callId: string): Promise<Dialog[]> {
    if (!callId.startsWith('sip-sha256:')) {
      try {
        return asDialogs(await this.#call('dlg.list_match', ['callid', 'eq', callId]));
      } catch (error) {
        if (error instanceof RpcError && error.code === 404) return [];
        throw error;
      }
    }
    return asDialogs(await this.#call('dlg.list', [])).filter((dialog) => pbxCallId(dialog['call-id']) === callId);
  }

  async #call(method: string, params: unknown[]): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(this.#url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method, params, id: ++this.#id }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new Unreachable(timedOut ? `немає відповіді за ${this.#timeoutMs / 1000} с` : 'з’єднання з kamailio JSON-RPC не встановлено');
    }
    if (!response.ok) throw new RpcError(response.status, `HTTP ${response.status}`);
    let body: { result?: unknown; error?: { code?: number; message?: string } };
    try {
      body = await response.json() as typeof body;
    } catch {
      throw new RpcError(502, 'not JSON');
    }
    if (body.error) throw new RpcError(body.error.code ?? 500, body.error.message ?? '');
    return body.result;
  }
}

function asDialogs(result: unknown): Dialog[] {
  const list = Array.isArray(result) ? result : result && typeof result === 'object' && 'h_entry' in result ? [result] : [];
  return list.filter((item): item is Dialog =>
    typeof item === 'object' && item !== null && typeof item.h_entry === 'number' && typeof item.h_id === 'number' && typeof item['call-id'] === 'string');
}
