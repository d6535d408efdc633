// Collects what a WebSocket receives, for tests that wait for a particular message.
import type { FastifyInstance } from 'fastify';
import type WebSocket from 'ws';
import type { Client } from './app.ts';

export interface Inbox {
  messages: Record<string, unknown>[];
  /** Resolves with the first message (already received or still to come) that matches, or rejects after `ms`. */
  waitFor(match: (message: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
}

export function inboxOf(socket: WebSocket): Inbox {
  const messages: Record<string, unknown>[] = [];
  const waiters: { match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    messages.push(message);
    for (const waiter of waiters.filter((w) => w.match(message))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  });
  return {
    messages,
    waitFor(match, ms = 5000) {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no live message matching ${String(match)} in ${ms} ms; got ${JSON.stringify(messages)}`)), ms);
        waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
  };
}

/**
 * Opens `/api/v1/live` in-process as `client` and waits for the server's hello. The socket goes into
 * `sockets`, which the suite terminates at its end.
 */
export async function openLive(app: FastifyInstance, client: Client, sockets: WebSocket[], headers: Record<string, string> = {}): Promise<{ socket: WebSocket; inbox: Inbox }> {
  let inbox: Inbox | undefined;
  const socket = await app.injectWS('/api/v1/live', { headers: { cookie: client.headers.cookie!, host: 'localhost', ...headers } }, {
    onInit: (ws) => { inbox = inboxOf(ws); },
  });
  sockets.push(socket);
  await inbox!.waitFor((m) => m.type === 'hello');
  return { socket, inbox: inbox! };
}
