// Dovira's end of kamailio's evapi event stream: one TCP connection, kept open as long as Dovira
// runs. Each call event goes through the process's event ingest (EventIngestQueue: the call rules,
// idempotent by event id) and is then acknowledged, which takes it out of kamailio's outbox.
//
// What is delivered, and when (telephony/kamailio/README.md says the same for administrators):
// evapi itself drops whatever it sends while no one is connected, so the configuration keeps every
// event in an outbox until Dovira acknowledges it, having stored it. On each (re)connection Dovira
// first sends the acknowledgements it still owes, then asks for a replay of the outbox and holds
// back live events until the replay has ended, so a call's events are applied in kamailio's time
// order even when some were sent while Dovira was away. An event delivered twice (a replay of an
// event whose ack was lost) is recorded as a duplicate and changes nothing.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../../../audit/audit.ts';
import type { Db } from '../../../db/database.ts';
import type { LiveBus } from '../../../live/bus.ts';
import type { EventOutcomeView, PbxEvent } from '../../contract.ts';
import { EventIngestQueue } from '../../ingest.ts';
import type { PbxEventSink } from '../../event-sink.ts';
import { exchangeCredentials, sipCredentialsFingerprint } from '../../sip-credentials.ts';
import { parseFrame, toPbxEvent } from './events.ts';
import { NetstringDecoder, NetstringError, encodeNetstring } from '../netstring.ts';

/** Events handed to the ingest at a time (and acknowledged together). */
const SLICE = 200;
/** Phones' credentials per message: well inside evapi's 32 KB read buffer. */
const CREDENTIALS_PER_FRAME = 50;

export interface KamailioEventStreamOptions {
  host: string;
  port: number;
  db: Db;
  /** Who the events are recorded as (the exchange's machine user, see kamailioActor). */
  actor: Actor;
  live?: LiveBus | undefined;
  /** The process's ingest, shared with the event API (`npm start` passes it); without it, one of the stream's own on `db` and `live`. */
  queue?: PbxEventSink | undefined;
  now: () => Date;
  log: FastifyBaseLogger;
  /** The first wait before reconnecting; it doubles after each failure up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Live events arriving this close together are applied as one batch, in kamailio's time order. */
  gatherMs?: number;
  /** How long to wait for the end of a replay before going on without it (it is asked again on the next connection). */
  replayTimeoutMs?: number;
  /** Told of every batch applied: for tests and for the log. */
  onBatch?: (results: EventOutcomeView[]) => void;
  /** How often the phones' credentials are checked for changes to pass on to kamailio. */
  credentialsCheckMs?: number;
}

export interface KamailioStreamStats {
  connections: number;
  received: number;
  /** Stored with their outcome (applied, stale, refused, ignored). */
  stored: number;
  duplicates: number;
  malformed: number;
  acknowledged: number;
  replays: number;
  /** Phones' credentials handed to kamailio (each change counted once per connection). */
  credentialsSent: number;
}

export class KamailioEventStream {
  readonly #options: Required<Omit<KamailioEventStreamOptions, 'live' | 'onBatch' | 'queue'>> & Pick<KamailioEventStreamOptions, 'live' | 'onBatch'>;
  readonly #queue: PbxEventSink;
  #socket: net.Socket | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #gatherTimer: NodeJS.Timeout | null = null;
  #replayTimer: NodeJS.Timeout | null = null;
  #failures = 0;
  #stopped = true;
  /** The nonce of the replay awaited on this connection; while set, live events wait. */
  #replayNonce: string | null = null;
  /** Received and not yet applied. */
  #pending: PbxEvent[] = [];
  /** Applied (or unreadable) and not yet acknowledged: sent on the next connection if this one is gone. */
  #acks = new Set<string>();
  #applying: Promise<void> = Promise.resolve();
  /** Goes up when a batch could not be stored: the batches queued behind it are dropped, to be replayed. */
  #generation = 0;
  /** The phones' credentials kamailio has had on this connection: their version per extension. */
  #credentialsSent = new Map<string, number>();
  #credentialsFingerprint: string | null = null;
  #credentialsTimer: NodeJS.Timeout | null = null;
  #credentialsPushing = false;
  #credentialsFailing = false;
  readonly stats: KamailioStreamStats = { connections: 0, received: 0, stored: 0, duplicates: 0, malformed: 0, acknowledged: 0, replays: 0, credentialsSent: 0 };

  constructor(options: KamailioEventStreamOptions) {
    this.#options = { retryDelayMs: 500, maxRetryDelayMs: 10_000, gatherMs: 50, replayTimeoutMs: 10_000, credentialsCheckMs: 1000, ...options };
    this.#queue = options.queue ?? new EventIngestQueue(options.db, options.live);
  }

  get connected(): boolean {
    return this.#socket !== null && !this.#socket.connecting && !this.#socket.destroyed;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#connect();
    this.#credentialsTimer = setInterval(() => void this.#pushCredentials(), this.#options.credentialsCheckMs);
    this.#credentialsTimer.unref();
  }

  /** Closes the connection; events already received are applied first. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const timer of [this.#retryTimer, this.#gatherTimer, this.#replayTimer]) if (timer) clearTimeout(timer);
    if (this.#credentialsTimer) clearInterval(this.#credentialsTimer);
    this.#replayNonce = null;
    this.#flush();
    await this.#applying;
    this.#sendAcks();
    this.#socket?.end();
    this.#socket?.destroy();
    this.#socket = null;
  }

  /** Resolves once everything received so far has been applied, unless a replay is still awaited. */
  async settled(): Promise<void> {
    for (;;) {
      if (this.#replayNonce === null) this.#flush();
      const current = this.#applying;
      await current;
      if (current === this.#applying && (this.#pending.length === 0 || this.#replayNonce !== null)) return;
    }
  }

  #connect(): void {
    const { host, port, log } = this.#options;
    const socket = net.connect({ host, port });
    this.#socket = socket;
    const decoder = new NetstringDecoder();
    let opened = false;
    socket.setKeepAlive(true, 10_000);
    socket.on('connect', () => {
      opened = true;
      this.#failures = 0;
      this.stats.connections++;
      log.info({ kamailio: `${host}:${port}` }, 'kamailio event stream connected');
      this.#sendAcks();
      this.#askReplay(socket);
      // A new connection may be a restarted kamailio, or one that missed changes: it gets them all.
      this.#credentialsSent.clear();
      this.#credentialsFingerprint = null;
      void this.#pushCredentials();
    });
    socket.on('data', (chunk: Buffer) => {
      let frames: string[];
      try {
        frames = decoder.push(chunk);
      } catch (error) {
        log.error({ err: { type: (error as Error).name, message: (error as NetstringError).message } }, 'kamailio event stream: broken framing, reconnecting');
        socket.destroy();
        return;
      }
      for (const frame of frames) this.#receive(frame);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // Once per outage, not at every attempt.
      if (this.#failures <= 1) log.warn({ err: { type: error.name, code: error.code }, kamailio: `${host}:${port}` }, 'kamailio event stream: cannot connect, retrying');
    });
    socket.on('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      if (opened && !this.#stopped) log.warn({ kamailio: `${host}:${port}` }, 'kamailio event stream lost, reconnecting');
      // A replay cut short is asked for again on the next connection; what arrived is applied now.
      if (this.#replayNonce !== null) {
        this.#replayNonce = null;
        if (this.#replayTimer) clearTimeout(this.#replayTimer);
        this.#flush();
      }
      if (!this.#stopped) this.#retry();
    });
  }

  #retry(): void {
    const { retryDelayMs, maxRetryDelayMs } = this.#options;
    const delay = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** this.#failures);
    this.#failures++;
    // ±20 %: several Dovira processes do not knock on kamailio's door at the same instant.
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (!this.#stopped) this.#connect();
    }, delay * (0.8 + Math.random() * 0.4));
    this.#retryTimer.unref();
  }

  #askReplay(socket: net.Socket): void {
    const nonce = randomUUID();
    this.#replayNonce = nonce;
    this.stats.replays++;
    socket.write(encodeNetstring(`replay ${nonce}`));
    this.#replayTimer = setTimeout(() => {
      if (this.#replayNonce !== nonce) return;
      this.#options.log.warn('kamailio event stream: the replay did not end in time; going on with what arrived');
      this.#replayNonce = null;
      this.#flush();
    }, this.#options.replayTimeoutMs);
    this.#replayTimer.unref();
  }

  #receive(text: string): void {
    if (this.#stopped) return;
    const frame = parseFrame(text);
    if (frame.kind === 'replay_done') {
      if (frame.nonce !== this.#replayNonce) return;
      this.#replayNonce = null;
      if (this.#replayTimer) clearTimeout(this.#replayTimer);
      this.#flush();
      return;
    }
    this.stats.received++;
    const mapped = frame.kind === 'event' ? toPbxEvent(frame.event) : { ok: false as const, reason: frame.reason };
    if (!mapped.ok) {
      // Kept out of the database: the contract refuses it. Acknowledged all the same, or kamailio
      // would replay it forever; the log says which type, never the numbers it carried.
      this.stats.malformed++;
      const id = frame.kind === 'event' ? frame.event.id : frame.id;
      const type = frame.kind === 'event' ? frame.event.type : frame.type;
      this.#options.log.warn({ pbxEventType: type, reason: mapped.reason }, 'kamailio event not readable as a Dovira event; acknowledged and dropped');
      if (id !== null) {
        this.#acks.add(id);
        this.#sendAcks();
      }
      return;
    }
    this.#pending.push(mapped.event);
    if (this.#replayNonce !== null) return;
    if (this.#gatherTimer) return;
    this.#gatherTimer = setTimeout(() => {
      this.#gatherTimer = null;
      this.#flush();
    }, this.#options.gatherMs);
  }

  /**
   * Applies what is pending, in kamailio's time order, a slice at a time (a long replay is stored
   * and acknowledged as it goes), then acknowledges it. Batches are applied one after another.
   */
  #flush(): void {
    if (this.#gatherTimer) {
      clearTimeout(this.#gatherTimer);
      this.#gatherTimer = null;
    }
    if (this.#pending.length === 0) return;
    const batch = this.#pending.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
    this.#pending = [];
    const generation = this.#generation;
    const { actor, now, log, onBatch } = this.#options;
    this.#applying = this.#applying.then(async () => {
      for (let start = 0; start < batch.length; start += SLICE) {
        // An earlier batch could not be stored: these wait for the replay, so as not to overtake it.
        if (generation !== this.#generation) return;
        let results: EventOutcomeView[];
        try {
          results = await this.#queue.ingest(actor, batch.slice(start, start + SLICE), now(), log);
        } catch (error) {
          // Not stored, so not acknowledged: kamailio still has them (and what came after) and
          // replays them once Dovira has reconnected.
          log.error({ err: { type: (error as Error).name, code: (error as { code?: string }).code } }, 'kamailio events could not be stored; reconnecting for a replay');
          this.#generation++;
          this.#pending = [];
          this.#socket?.destroy();
          return;
        }
        for (const result of results) {
          if (result.outcome === 'duplicate') this.stats.duplicates++;
          else this.stats.stored++;
          this.#acks.add(result.eventId);
        }
        this.#sendAcks();
        onBatch?.(results);
      }
    });
  }

  /**
   * Hands kamailio the phones' credentials it has not had on this connection: all of them right
   * after connecting, then each change (checked every credentialsCheckMs). Every Dovira process
   * connected does the same; kamailio keeps the newest version of each phone, so repeats and
   * crossings change nothing.
   */
  async #pushCredentials(): Promise<void> {
    const socket = this.#socket;
    if (this.#credentialsPushing || !socket || socket.connecting || socket.destroyed) return;
    this.#credentialsPushing = true;
    try {
      const fingerprint = await sipCredentialsFingerprint(this.#options.db);
      if (fingerprint === this.#credentialsFingerprint) return;
      const changed = (await exchangeCredentials(this.#options.db)).filter((credential) => this.#credentialsSent.get(credential.user) !== credential.version);
      // Reconnected meanwhile: the new connection gets everything (below, in finally).
      if (socket !== this.#socket || socket.destroyed) return;
      for (let start = 0; start < changed.length; start += CREDENTIALS_PER_FRAME) {
        socket.write(encodeNetstring(JSON.stringify({ type: 'credentials', items: changed.slice(start, start + CREDENTIALS_PER_FRAME) })));
      }
      for (const credential of changed) this.#credentialsSent.set(credential.user, credential.version);
      this.#credentialsFingerprint = fingerprint;
      this.stats.credentialsSent += changed.length;
      this.#credentialsFailing = false;
    } catch (error) {
      // kamailio keeps what it has (on disk too) meanwhile; said once per outage.
      if (!this.#credentialsFailing) this.#options.log.warn({ err: { type: (error as Error).name, code: (error as { code?: string }).code } }, 'phones’ SIP credentials could not be read for kamailio; retrying');
      this.#credentialsFailing = true;
    } finally {
      this.#credentialsPushing = false;
      if (socket !== this.#socket && this.connected) void this.#pushCredentials();
    }
  }

  #sendAcks(): void {
    const socket = this.#socket;
    if (!socket || socket.connecting || socket.destroyed || this.#acks.size === 0) return;
    const frames = [...this.#acks].map((id) => encodeNetstring(`ack ${id}`));
    socket.write(Buffer.concat(frames));
    this.stats.acknowledged += this.#acks.size;
    this.#acks.clear();
  }
}
