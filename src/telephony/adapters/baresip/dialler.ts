// The callback dialler (H3) on baresip: a baresip phone dials the citizen through the exchange and,
// once they answer, transfers them (SIP REFER) to the operator's extension. One callback at a time
// per baresip; each is leased for the call, so Dovira processes never share one.
import { randomUUID } from 'node:crypto';
import type { BaresipAddress, Config } from '../../../config.ts';
import type { Db } from '../../../db/database.ts';
import type { CallbackDialler, DialRequest, DialResult } from '../../ports/callback-dialler.ts';
import { DiallerBusy, DiallerUnavailable } from '../../ports/callback-dialler.ts';
import { BaresipClient, type BaresipLog } from './client.ts';
import { lineName, PROCESS_HOLDER, releaseLease, takeLease } from './lease.ts';
import { sipStatusOf, type BaresipEvent } from './messages.ts';

export interface BaresipDiallerOptions {
  db: Db;
  /** ctrl_tcp addresses of the dialler baresips. */
  lines: BaresipAddress[];
  /** SIP URI template with {number}. */
  citizenUri: string;
  /** SIP URI template with {extension}. */
  operatorUri: string;
  /** How long the citizen's phone may ring. */
  ringMs: number;
  /** How long the transfer to the operator may take once the citizen answered. */
  transferMs?: number;
  connectMs?: number;
  log?: BaresipLog;
}

/** What baresip 1.0 says when the far end accepted the REFER and the transfer is done. */
const TRANSFERRED = 'Call transfered';

/** Characters kept as they are in the user part of a SIP URI; the rest is %-escaped. */
export function sipUser(text: string): string {
  return text.replace(/[^A-Za-z0-9._~+*-]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The outcome of a call the citizen did not answer, from baresip's reason for closing it. */
export function unansweredOutcome(reason: string | null, ringing: boolean, timedOut: boolean): DialResult {
  const status = sipStatusOf(reason);
  const detail = reason && status !== null ? reason : null;
  if (status === 486 || status === 600 || status === 603) return { outcome: 'busy', bridged: false, detail };
  if (status === 408 || status === 480 || (status === 487 && !timedOut)) return { outcome: 'no_answer', bridged: false, detail };
  if (timedOut) {
    return ringing
      ? { outcome: 'no_answer', bridged: false, detail: null }
      : { outcome: 'failed', bridged: false, detail: 'АТС не відповіла на виклик' };
  }
  return { outcome: 'failed', bridged: false, detail: detail ?? 'дзвінок завершився без відповіді АТС' };
}

export class BaresipDialler implements CallbackDialler {
  private readonly options: BaresipDiallerOptions;
  private next = 0;

  constructor(options: BaresipDiallerOptions) {
    this.options = options;
  }

  async dial(request: DialRequest): Promise<DialResult> {
    const { lines, db, ringMs } = this.options;
    // Start from a different line each time, so one broken baresip does not take every call.
    const start = this.next++ % lines.length;
    for (let i = 0; i < lines.length; i++) {
      const address = lines[(start + i) % lines.length]!;
      const line = lineName('dialler', address);
      const holder = `${PROCESS_HOLDER}:${randomUUID().slice(0, 8)}`;
      if (!(await takeLease(db, line, holder, ringMs + 120_000))) continue;
      try {
        return await this.dialOn(address, request);
      } finally {
        await releaseLease(db, line, holder);
      }
    }
    throw new DiallerBusy('Усі лінії набору зайняті');
  }

  async close(): Promise<void> {
    // Connections live only for the length of one call: nothing stays open.
  }

  private async dialOn(address: BaresipAddress, request: DialRequest): Promise<DialResult> {
    const client = new BaresipClient({ address, ...(this.options.log ? { log: this.options.log } : {}) });
    client.start();
    try {
      if (!(await client.waitConnected(this.options.connectMs ?? 3000))) throw new DiallerUnavailable('baresip для набору номера недоступний (ctrl_tcp)');
      return await this.placeCall(client, request);
    } finally {
      await client.close();
    }
  }

  private placeCall(client: BaresipClient, request: DialRequest): Promise<DialResult> {
    const { ringMs } = this.options;
    const transferMs = this.options.transferMs ?? 15_000;
    const citizen = this.options.citizenUri.replaceAll('{number}', sipUser(request.phone.replace(/^\+/, '')));
    const operator = this.options.operatorUri.replaceAll('{extension}', sipUser(request.operatorExtension));
    return new Promise<DialResult>((resolve) => {
      let sipCallId: string | null = null;
      let ringing = false;
      let answered = false;
      let timedOut = false;
      let transferProblem: string | null = null;
      let settled = false;
      const timers: NodeJS.Timeout[] = [];
      const finish = (result: DialResult) => {
        if (settled) return;
        settled = true;
        off();
        for (const timer of timers) clearTimeout(timer);
        resolve(result);
      };
      const hangup = () => { client.command('hangup').catch(() => undefined); };
      const off = client.onEvent((event: BaresipEvent) => {
        if (event.eventClass !== 'call' || event.direction !== 'outgoing' || event.callId === null) return;
        if (sipCallId === null) sipCallId = event.callId;
        if (event.callId !== sipCallId) return;
        switch (event.type) {
          case 'CALL_RINGING':
          case 'CALL_PROGRESS':
            ringing = true;
            return;
          case 'CALL_ESTABLISHED':
            if (answered) return;
            answered = true;
            client.command('transfer', operator).then((response) => {
              if (!response.ok) { transferProblem = response.data.trim() || 'переключення відхилено'; hangup(); }
            }, () => { transferProblem = 'немає з’єднання з baresip'; });
            timers.push(setTimeout(() => { transferProblem = 'переключення до оператора не завершилося вчасно'; hangup(); }, transferMs));
            return;
          case 'TRANSFER_FAILED':
            transferProblem = event.param ?? 'переключення не вдалося';
            hangup();
            return;
          case 'CALL_CLOSED':
            if (answered) {
              const bridged = event.param === TRANSFERRED;
              finish({ outcome: 'answered', bridged, detail: bridged ? null : (transferProblem ?? event.param) });
            } else {
              finish(unansweredOutcome(event.param, ringing, timedOut));
            }
            return;
        }
      });
      timers.push(setTimeout(() => {
        if (answered) return;
        timedOut = true;
        hangup();
      }, ringMs));
      // Whatever happens, the request gets an answer.
      timers.push(setTimeout(() => {
        hangup();
        finish(answered
          ? { outcome: 'answered', bridged: false, detail: transferProblem ?? 'baresip не повідомив про завершення' }
          : { outcome: 'failed', bridged: false, detail: 'baresip не повідомив про результат дзвінка' });
      }, ringMs + transferMs + 10_000));
      client.command('dial', citizen).then((response) => {
        if (!response.ok) finish({ outcome: 'failed', bridged: false, detail: response.data.trim() || 'baresip відхилив набір' });
      }, (error: unknown) => {
        finish({ outcome: 'failed', bridged: false, detail: (error as Error).message });
      });
    });
  }
}

/** The dialler the configuration asks for, or null when dialling from Dovira is off (no DOVIRA_DIALLER_BARESIP). */
export function baresipDialler(db: Db, config: Pick<Config, 'diallerBaresip' | 'diallerCitizenUri' | 'diallerOperatorUri' | 'diallerRingSeconds'>): BaresipDialler | null {
  if (config.diallerBaresip.length === 0) return null;
  return new BaresipDialler({
    db,
    lines: config.diallerBaresip,
    citizenUri: config.diallerCitizenUri,
    operatorUri: config.diallerOperatorUri,
    ringMs: config.diallerRingSeconds * 1000,
  });
}
