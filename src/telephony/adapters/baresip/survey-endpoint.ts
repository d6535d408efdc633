// The post-call keypad survey (Q1) on a baresip phone that Dovira drives over ctrl_tcp: the
// exchange sends the caller there after the operator hangs up. Dovira decides whether to answer
// (the call it belongs to must be known and not yet rated), plays the prompt, reads the RFC 2833
// keypad digits baresip reports, thanks the caller, hangs up, and records the outcome.
//
// One survey endpoint (one baresip) carries one survey at a time: baresip's `ausrc` switches the
// sound of every call it has, so its config sets call_max_calls 1 and more endpoints serve more
// callers at once (the exchange hunts across them). ctrl_tcp serves one connection, so of several
// Dovira processes the one holding the endpoint's lease drives it; another takes over if it stops.
import type { Actor } from '../../../audit/audit.ts';
import type { Db } from '../../../db/database.ts';
import type { BaresipAddress } from '../../../config.ts';
import { exchangePhone, readExchangeParty } from '../../../phones/numbers.ts';
import { BaresipClient, type BaresipLog } from './client.ts';
import { lineName, PROCESS_HOLDER, releaseLease, takeLease } from './lease.ts';
import type { BaresipEvent } from './messages.ts';
import type { SurveyAudio } from './survey-audio.ts';
import { startSurvey, surveyStep, type SurveyAction, type SurveyInput, type SurveyState } from '../../../survey/flow.ts';
import { findSurveyTarget, recordSurveyOutcome, type SurveyTarget } from '../../../survey/repository.ts';

export interface SurveyLog extends BaresipLog {
  error(object: object, message: string): void;
}

export interface SurveyEndpointOptions {
  db: Db;
  /** The survey baresip's ctrl_tcp. */
  address: BaresipAddress;
  audio: SurveyAudio;
  /** The pause after the prompt in which a key is awaited. */
  keyTimeoutMs: number;
  now: () => Date;
  log?: SurveyLog;
  /** How often the lease is renewed (it lapses after three times as long). */
  leaseRenewMs?: number;
}

/** The survey endpoint records as the system itself: no user, no address. */
const SYSTEM: Actor = { userId: null, ip: null };

interface Session {
  sipCallId: string;
  target: SurveyTarget;
  state: SurveyState;
  startedAt: Date | null;
  timer: NodeJS.Timeout | undefined;
}

const silent: SurveyLog = { info: () => {}, warn: () => {}, error: () => {} };

/** The number in a SIP URI's user part (sip:+380501234567@host), normalised, or null. */
export function phoneOfSipUri(uri: string | null): string | null {
  const user = /^sips?:([^@;]+)@/i.exec(uri ?? '')?.[1];
  if (user === undefined) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(user);
  } catch {
    return null; // a «%» that starts no character: no number
  }
  return exchangePhone(readExchangeParty(decoded));
}

export class SurveyEndpoint {
  private readonly options: SurveyEndpointOptions;
  private readonly log: SurveyLog;
  private session: Session | null = null;
  /** Events are handled one after another, each to the end (database included). */
  private queue: Promise<void> = Promise.resolve();
  /** The connection, while this process holds the endpoint's lease. */
  private client: BaresipClient | null = null;
  private unsubscribe: (() => void)[] = [];
  private readonly line: string;
  private leaseTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(options: SurveyEndpointOptions) {
    this.options = options;
    this.log = options.log ?? silent;
    this.line = lineName('survey', options.address);
  }

  /** Takes the lease (now and on every renewal) and, while holding it, drives the baresip. */
  start(): void {
    const renewMs = this.options.leaseRenewMs ?? 10_000;
    const renew = () => {
      this.enqueue(async () => {
        if (this.stopped) return;
        const held = await takeLease(this.options.db, this.line, PROCESS_HOLDER, renewMs * 3).catch(() => false);
        if (held && !this.client) this.connect();
        if (!held && this.client) {
          this.log.warn({ line: this.line }, 'survey endpoint lease lost: another process drives it now');
          await this.disconnect();
        }
      });
      if (!this.stopped) this.leaseTimer = setTimeout(renew, renewMs);
    };
    renew();
  }

  /** Whether this process drives the baresip now (holds its lease and is connected). */
  get driving(): boolean {
    return this.client?.connected ?? false;
  }

  /** Waits for the events received so far to be handled. */
  settled(): Promise<void> {
    return this.queue;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.leaseTimer);
    this.enqueue(async () => {
      if (this.session) await this.client?.command('hangup').catch(() => undefined);
      await this.disconnect();
      await releaseLease(this.options.db, this.line, PROCESS_HOLDER);
    });
    await this.queue;
  }

  private connect(): void {
    const client = new BaresipClient({ address: this.options.address, ...(this.options.log ? { log: this.options.log } : {}) });
    this.client = client;
    this.unsubscribe.push(
      client.onEvent((event) => this.enqueue(() => this.onEvent(event))),
      client.onConnection((connected) => {
        // Without the connection Dovira hears no keys: an unfinished survey ends as no answer.
        this.enqueue(() => (connected ? this.primePrompt() : this.input({ kind: 'hangup' })));
      }),
    );
    client.start();
  }

  /** Closes the connection; an unfinished survey ends as no answer. Runs inside the queue. */
  private async disconnect(): Promise<void> {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    const client = this.client;
    this.client = null;
    await this.input({ kind: 'hangup' });
    await client?.close();
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => {
      this.log.error({ err: { type: (error as Error).name, message: (error as Error).message } }, 'survey endpoint step failed');
    });
  }

  private async onEvent(event: BaresipEvent): Promise<void> {
    if (event.eventClass !== 'call' || event.direction !== 'incoming') return;
    if (event.type === 'CALL_INCOMING') return this.onIncoming(event);
    const session = this.session;
    if (!session || event.callId !== session.sipCallId) return;
    switch (event.type) {
      case 'CALL_ESTABLISHED':
        session.startedAt = this.options.now();
        return this.input({ kind: 'answered' });
      case 'CALL_DTMF_START':
        return this.input({ kind: 'key', key: event.param ?? '' });
      case 'CALL_CLOSED':
        return this.input({ kind: 'hangup' });
    }
  }

  private async onIncoming(event: BaresipEvent): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (this.session || event.callId === null) {
      // call_max_calls 1 keeps a second caller out; if it is set otherwise, that caller is left ringing.
      this.log.warn({ sipCallId: event.callId }, 'survey endpoint busy: a second incoming call is not answered (set call_max_calls 1)');
      return;
    }
    let found;
    try {
      found = await findSurveyTarget(this.options.db, event.peerDisplayName, phoneOfSipUri(event.peerUri), this.options.now());
    } catch (error) {
      // Better a declined survey than a caller left ringing.
      this.log.error({ sipCallId: event.callId, err: { type: (error as Error).name, message: (error as Error).message } }, 'survey call declined: the call could not be looked up');
      await client.command('hangup');
      return;
    }
    if (!found.found) {
      this.log.warn({ sipCallId: event.callId, reason: found.reason }, 'survey call declined: no call to rate');
      await client.command('hangup');
      return;
    }
    this.session = { sipCallId: event.callId, target: found.target, state: startSurvey(), startedAt: null, timer: undefined };
    this.log.info({ sipCallId: event.callId, callId: found.target.callId, by: found.by }, 'survey call answered');
    await client.command('accept');
  }

  private async input(input: SurveyInput): Promise<void> {
    const session = this.session;
    if (!session) return;
    const step = surveyStep(session.state, input);
    session.state = step.state;
    if (step.state.phase === 'over') {
      clearTimeout(session.timer);
      this.session = null;
    }
    for (const action of step.actions) await this.act(session, action);
    if (step.state.phase === 'over') await this.primePrompt();
  }

  /**
   * Makes the prompt baresip's sound for the next call. `ausrc` also sets the source of calls to
   * come, and a call takes its source when it arrives, so this runs while no survey is on; the
   * failure baresip reports for a call still closing does not matter here.
   */
  private async primePrompt(): Promise<void> {
    if (this.session) return;
    await this.client?.command('ausrc', `aufile,${this.options.audio.prompt.file}`).catch(() => undefined);
  }

  private async act(session: Session, action: SurveyAction): Promise<void> {
    const { audio } = this.options;
    const client = this.client;
    switch (action.kind) {
      case 'record': {
        const id = await recordSurveyOutcome(this.options.db, SYSTEM, {
          callId: session.target.callId,
          operatorId: session.target.operatorId,
          channel: 'phone',
          score: action.score,
          promptsPlayed: session.state.promptsPlayed,
          invalidKeys: session.state.invalidKeys.join(''),
          sipCallId: session.sipCallId,
          startedAt: session.startedAt,
          recordedAt: this.options.now(),
        });
        this.log.info({ callId: session.target.callId, outcome: action.score === null ? 'no_answer' : 'rated', duplicate: id === null }, 'survey outcome recorded');
        return;
      }
      case 'play': {
        clearTimeout(session.timer);
        const sound = audio[action.prompt];
        // From the start, also the first time: the sound loaded for the call may be a moment in already.
        const switched = await client?.command('ausrc', `aufile,${sound.file}`).catch(() => null);
        if (!switched || /fail|no such/i.test(switched.data)) this.log.error({ sipCallId: session.sipCallId, sound: action.prompt }, 'survey sound could not be played');
        const input: SurveyInput = action.prompt === 'prompt' ? { kind: 'timeout' } : { kind: 'thanks_played' };
        const wait = sound.durationMs + (action.prompt === 'prompt' ? this.options.keyTimeoutMs : 300);
        session.timer = setTimeout(() => this.enqueue(() => (this.session === session ? this.input(input) : Promise.resolve())), wait);
        return;
      }
      case 'hangup':
        await client?.command('hangup').catch(() => undefined);
        return;
    }
  }
}
