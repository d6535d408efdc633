// ARI's event stream: one WebSocket to /ari/events for Dovira's Stasis application, kept open for
// as long as Dovira runs. When Asterisk restarts or the network drops, it reconnects by itself,
// waiting a little longer after each failure. Node's own WebSocket client (Node 24) is enough.
import type { FastifyBaseLogger } from 'fastify';
import { ariAuthorization, ariBase, type AriSettings } from './control.ts';

/** Waits between attempts: quick at first, then every 30 s while Asterisk stays away. */
const RETRY_DELAYS_MS = [500, 1000, 2000, 5000, 10_000, 30_000] as const;

/** Node's WebSocket (undici) takes request headers; the DOM typings the web build brings in do not say so. */
type NodeWebSocket = new (url: string, init: { headers: Record<string, string> }) => WebSocket;

export interface AriEventStreamOptions {
  settings: AriSettings;
  /** Every JSON frame Asterisk sends, in order. */
  onEvent: (event: unknown) => void;
  log: FastifyBaseLogger;
  retryDelaysMs?: readonly number[];
}

/**
 * subscribeAll: Dovira also sees the legs Queue and Dial create, which never enter Stasis; the mapper
 * keeps only channels of calls that passed through Stasis(dovira) or carry DOVIRA_LINKEDID.
 */
export function ariEventsUrl(settings: Pick<AriSettings, 'url' | 'app'>): string {
  const url = new URL(`${ariBase(settings.url)}/events`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('app', settings.app);
  url.searchParams.set('subscribeAll', 'true');
  return url.toString();
}

export class AriEventStream {
  private readonly options: AriEventStreamOptions;
  private socket: WebSocket | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = true;
  /** How many times the stream has been (re)opened: for the log and for tests. */
  opened = 0;

  constructor(options: AriEventStreamOptions) {
    this.options = options;
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.addEventListener('close', () => resolve(), { once: true });
      socket.close(1000, 'Dovira stopping');
      // A peer that never answers the close must not hold the shutdown.
      setTimeout(resolve, 1000).unref();
    });
  }

  private connect(): void {
    const { settings, log } = this.options;
    const socket = new (WebSocket as unknown as NodeWebSocket)(ariEventsUrl(settings), { headers: { authorization: ariAuthorization(settings) } });
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.failures = 0;
      this.opened += 1;
      log.info({ reconnect: this.opened > 1 }, 'ARI event stream connected');
    });
    socket.addEventListener('message', (message) => {
      if (typeof message.data !== 'string') return;
      let event: unknown;
      try {
        event = JSON.parse(message.data);
      } catch {
        log.warn('ARI sent a frame that is not JSON; skipped');
        return;
      }
      if ((event as { type?: unknown } | null)?.type === 'ApplicationReplaced') {
        // Another client took the application over (a second Dovira node with ARI_URL set).
        log.warn({ app: settings.app }, 'ARI application taken over by another connection; run the Asterisk adapter on one node only');
        return;
      }
      this.options.onEvent(event);
    });
    socket.addEventListener('close', (closed) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      const delays = this.options.retryDelaysMs ?? RETRY_DELAYS_MS;
      const delay = delays[Math.min(this.failures, delays.length - 1)]!;
      this.failures += 1;
      // The password is never logged; the address is configuration, not personal data.
      log.warn({ code: closed.code, retryInMs: delay, attempt: this.failures }, 'ARI event stream closed; reconnecting');
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (!this.stopped) this.connect();
      }, delay);
    });
    // An error is always followed by close, which schedules the retry.
    socket.addEventListener('error', () => undefined);
  }
}
