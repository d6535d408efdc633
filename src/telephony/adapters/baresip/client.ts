// A client of baresip's ctrl_tcp module: JSON commands and events in netstrings over one TCP
// connection, kept open and re-opened with a growing pause when baresip restarts or the link drops.
// ctrl_tcp serves one connection at a time (a new one replaces the old), so each baresip has
// exactly one Dovira process driving it.
import net from 'node:net';
import type { BaresipAddress } from '../../../config.ts';
import { encodeNetstring, NetstringDecoder } from '../netstring.ts';
import { parseBaresipMessage, type BaresipEvent, type BaresipResponse } from './messages.ts';

/** Enough of a pino logger; nothing personal is logged (no numbers, no URIs). */
export interface BaresipLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface BaresipClientOptions {
  address: BaresipAddress;
  log?: BaresipLog;
  /** The first pause before reconnecting, doubled on each failure up to maxReconnectMs. */
  minReconnectMs?: number;
  maxReconnectMs?: number;
  /** How long a command may wait for its response. */
  commandTimeoutMs?: number;
}

export class BaresipUnavailable extends Error {}

/** baresip copies "command params" into a 256-byte buffer: longer commands are cut, so refused here. */
const MAX_COMMAND_BYTES = 250;

/** The longest message taken from baresip (its events carry SIP headers and reasons). */
const BARESIP_MESSAGE_BYTES = 1024 * 1024;

interface Pending {
  resolve(response: BaresipResponse): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const silent: BaresipLog = { info: () => {}, warn: () => {} };

export class BaresipClient {
  readonly address: BaresipAddress;
  private readonly log: BaresipLog;
  private readonly minReconnectMs: number;
  private readonly maxReconnectMs: number;
  private readonly commandTimeoutMs: number;
  private socket: net.Socket | null = null;
  private isConnected = false;
  private closed = false;
  private reconnectMs: number;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private nextToken = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly eventListeners = new Set<(event: BaresipEvent) => void>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();

  constructor(options: BaresipClientOptions) {
    this.address = options.address;
    this.log = options.log ?? silent;
    this.minReconnectMs = options.minReconnectMs ?? 200;
    this.maxReconnectMs = options.maxReconnectMs ?? 5000;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 5000;
    this.reconnectMs = this.minReconnectMs;
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** Starts connecting; from then on the connection is kept up until close(). */
  start(): void {
    if (this.closed || this.socket) return;
    this.connect();
  }

  /** Resolves true once connected, false if that does not happen within timeoutMs. */
  waitConnected(timeoutMs: number): Promise<boolean> {
    if (this.isConnected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { off(); resolve(false); }, timeoutMs);
      const off = this.onConnection((connected) => {
        if (!connected) return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  onEvent(listener: (event: BaresipEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onConnection(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /** Sends one command (e.g. `dial`, `accept`, `hangup`, `ausrc`, `transfer`, `sndcode`) and waits for its response. */
  command(name: string, params?: string): Promise<BaresipResponse> {
    if (!/^[a-z_]{1,32}$/.test(name)) return Promise.reject(new Error(`baresip: некоректна команда «${name}»`));
    if (params !== undefined && /[\u0000-\u001f\u007f]/.test(params)) return Promise.reject(new Error('baresip: параметри команди містять керівні символи'));
    if (Buffer.byteLength(`${name} ${params ?? ''}`) > MAX_COMMAND_BYTES) return Promise.reject(new Error(`baresip: команда довша за ${MAX_COMMAND_BYTES} байтів`));
    const socket = this.socket;
    if (!socket || !this.isConnected) return Promise.reject(new BaresipUnavailable('baresip: немає з’єднання з ctrl_tcp'));
    const token = `dovira-${this.nextToken++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(token);
        reject(new BaresipUnavailable(`baresip: немає відповіді на команду «${name}» за ${this.commandTimeoutMs} мс`));
      }, this.commandTimeoutMs);
      this.pending.set(token, { resolve, reject, timer });
      socket.write(encodeNetstring(JSON.stringify(params === undefined ? { command: name, token } : { command: name, params, token })));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.destroy();
      });
    }
    this.setConnected(false);
    this.failPending(new BaresipUnavailable('baresip: з’єднання закрито'));
  }

  private connect(): void {
    const socket = net.connect({ host: this.address.host, port: this.address.port });
    this.socket = socket;
    const decoder = new NetstringDecoder(BARESIP_MESSAGE_BYTES);
    socket.setKeepAlive(true, 10_000);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.reconnectMs = this.minReconnectMs;
      this.log.info({ baresip: `${this.address.host}:${this.address.port}` }, 'baresip ctrl_tcp connected');
      this.setConnected(true);
    });
    socket.on('data', (chunk: Buffer) => {
      let payloads: string[];
      try {
        payloads = decoder.push(chunk);
      } catch (error) {
        this.log.warn({ baresip: `${this.address.host}:${this.address.port}`, reason: (error as Error).message }, 'baresip ctrl_tcp framing broken, reconnecting');
        socket.destroy();
        return;
      }
      for (const payload of payloads) this.dispatch(payload);
    });
    socket.on('error', () => { /* 'close' follows and reconnects */ });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      const wasConnected = this.isConnected;
      this.setConnected(false);
      this.failPending(new BaresipUnavailable('baresip: з’єднання з ctrl_tcp втрачено'));
      if (this.closed) return;
      if (wasConnected) this.log.warn({ baresip: `${this.address.host}:${this.address.port}` }, 'baresip ctrl_tcp connection lost, reconnecting');
      this.reconnectTimer = setTimeout(() => this.connect(), this.reconnectMs);
      this.reconnectMs = Math.min(this.reconnectMs * 2, this.maxReconnectMs);
    });
  }

  private dispatch(payload: string): void {
    const message = parseBaresipMessage(payload);
    if (!message) return;
    if (message.kind === 'response') {
      const waiting = message.token === null ? undefined : this.pending.get(message.token);
      if (!waiting || message.token === null) return;
      this.pending.delete(message.token);
      clearTimeout(waiting.timer);
      waiting.resolve(message);
      return;
    }
    for (const listener of [...this.eventListeners]) listener(message);
  }

  private setConnected(connected: boolean): void {
    if (this.isConnected === connected) return;
    this.isConnected = connected;
    for (const listener of [...this.connectionListeners]) listener(connected);
  }

  private failPending(error: Error): void {
    for (const [token, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      this.pending.delete(token);
      waiting.reject(error);
    }
  }
}
