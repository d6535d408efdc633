// How live events travel between Dovira processes. On PostgreSQL every process LISTENs on one
// channel and any process can NOTIFY it, so a supervisor connected to one node hears of an appeal
// registered on another. The embedded database is one process, so there an in-process bus does.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { LiveEvent } from './events.ts';

export interface LiveBus {
  publish(event: LiveEvent): void;
  subscribe(listener: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

export class LocalLiveBus implements LiveBus {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  publish(event: LiveEvent): void {
    this.#emitter.emit('event', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }

  async close(): Promise<void> {
    this.#emitter.removeAllListeners();
  }
}

const CHANNEL = 'dovira_live';
const RECONNECT_DELAY_MS = 1000;
/** How the bus's connection shows in pg_stat_activity. */
export const BUS_APPLICATION_NAME = 'dovira-live';

/** Hears the notices of one channel. */
export interface NoticeWatcher {
  /** A NOTIFY payload on the channel, delivered after its transaction committed. */
  notice(payload: string): void;
  /** Notices may have been missed: `listening` is false while the connection is down, true once it listens again. */
  reset(listening: boolean): void;
}

/** Something that hears PostgreSQL's notices: the live bus's connection, which is there anyway. */
export interface NoticeSource {
  watch(channel: string, watcher: NoticeWatcher): void;
}

/**
 * One dedicated connection that LISTENs, and publishes too, so that live events never wait for (or
 * take) a connection of the pool that serves requests. Reconnects by itself after a lost connection;
 * events published while it is down are lost, which live screens survive: they reload on reconnect.
 */
export class PostgresLiveBus implements LiveBus, NoticeSource {
  readonly #local = new LocalLiveBus();
  /** Other channels this connection listens on, with who hears them. */
  readonly #watchers = new Map<string, NoticeWatcher[]>();
  readonly #url: string;
  readonly #onError: (error: Error) => void;
  #client: pg.Client | undefined;
  #sending: Promise<void> = Promise.resolve();
  /** Published, not yet sent: each as its NOTIFY payload. */
  #waiting: string[] = [];
  #closed = false;

  private constructor(url: string, onError: (error: Error) => void) {
    this.#url = url;
    this.#onError = onError;
  }

  static async connect(url: string, onError: (error: Error) => void = () => {}): Promise<PostgresLiveBus> {
    const bus = new PostgresLiveBus(url, onError);
    await bus.#open();
    return bus;
  }

  async #open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url, application_name: BUS_APPLICATION_NAME });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL) {
        for (const watcher of this.#watchers.get(message.channel) ?? []) watcher.notice(message.payload ?? '');
        return;
      }
      if (!message.payload) return;
      try {
        this.#local.publish(JSON.parse(message.payload) as LiveEvent);
      } catch (error) {
        this.#onError(error as Error);
      }
    });
    client.on('error', (error) => {
      this.#onError(error);
      this.#lost(client);
    });
    client.on('end', () => this.#lost(client));
    await client.connect();
    // A notification is not worth a wait for the disk: nobody hears it after a crash anyway.
    await client.query('SET synchronous_commit TO off');
    await client.query(`LISTEN ${CHANNEL}`);
    // Every watched channel is listened to before the connection is put to use, including one
    // watched meanwhile: a failure here leaves the bus without a connection, to be opened again.
    const listened = new Set<string>();
    for (let more = [...this.#watchers.keys()]; more.length > 0; more = [...this.#watchers.keys()].filter((c) => !listened.has(c))) {
      for (const channel of more) {
        await client.query(`LISTEN ${channel}`);
        listened.add(channel);
      }
    }
    this.#client = client;
    this.#resetWatchers(true);
  }

  watch(channel: string, watcher: NoticeWatcher): void {
    if (!/^[a-z_]+$/.test(channel) || channel === CHANNEL) throw new Error(`Канал «${channel}» не можна слухати`);
    this.#watchers.set(channel, [...this.#watchers.get(channel) ?? [], watcher]);
    const client = this.#client;
    if (!client) return; // #open listens once it has a connection
    this.#sending = this.#sending
      .then(() => client.query(`LISTEN ${channel}`))
      .then(() => { if (this.#client === client) watcher.reset(true); }, (error: Error) => this.#onError(error));
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#resetWatchers(false);
    this.#retry();
  }

  #retry(): void {
    if (this.#closed) return;
    setTimeout(() => {
      if (this.#closed) return;
      this.#open().catch((error: Error) => {
        this.#onError(error);
        this.#retry();
      });
    }, RECONNECT_DELAY_MS).unref();
  }

  publish(event: LiveEvent): void {
    if (!this.#client) return;
    // Events published while a send is under way (a batch of the exchange's events) wait and go
    // out together: one statement and one commit for all of them, not one each.
    this.#waiting.push(JSON.stringify(event));
    if (this.#waiting.length > 1) return;
    // One at a time on the one connection: node-postgres is not to be given overlapping queries.
    this.#sending = this.#sending.then(() => this.#send()).then(() => undefined, (error: Error) => this.#onError(error));
  }

  async #send(): Promise<void> {
    const payloads = this.#waiting;
    this.#waiting = [];
    const client = this.#client;
    if (!client) return;
    // PostgreSQL delivers identical notifications of one transaction only once: a repeat goes in the next.
    let group = new Set<string>();
    for (const payload of payloads) {
      if (group.has(payload)) {
        await client.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [CHANNEL, [...group]]);
        group = new Set();
      }
      group.add(payload);
    }
    await client.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [CHANNEL, [...group]]);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    return this.#local.subscribe(listener);
  }

  #resetWatchers(listening: boolean): void {
    for (const watchers of this.#watchers.values()) for (const watcher of watchers) watcher.reset(listening);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#resetWatchers(false);
    await this.#sending;
    await this.#local.close();
    await this.#client?.end().catch(() => {});
  }
}
