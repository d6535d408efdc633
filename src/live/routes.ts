import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { resolvePrincipal } from '../auth/principal.ts';
import { problemBody } from '../http/problem.ts';
import { mayReceive, type LiveEvent } from './events.ts';

// A connection that stops answering pings is dropped; a session that ended is closed, so a user
// logged out or deactivated elsewhere stops hearing within this interval.
const HEARTBEAT_MS = 30_000;

/** Close codes in the range WebSocket leaves to applications. */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_FOREIGN_ORIGIN = 4403;
export const CLOSE_TOO_MANY = 4429;

/** Whether a browser's Origin header names this very host (an absent Origin is not a browser's cross-site request). */
export function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  // "null" (a sandboxed frame, a file: page) and anything unparseable is not this site.
  return URL.canParse(origin) && new URL(origin).host === host;
}

export const liveRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, live, now, config }) => {
  // Each user's open channels: a screen needs one, a few tabs a few; a script opening thousands does not get them.
  const openByUser = new Map<string, number>();

  app.get('/live', {
    websocket: true,
    config: { access: 'authenticated' },
    schema: { tags: ['live'], summary: 'Живі оновлення (WebSocket): нові звернення та зміни їх стану, які Ваша роль може бачити' },
    // The same address asked without a WebSocket handshake: said so, as every refusal is, not an empty 404.
    preHandler: async (request, reply) => {
      if (request.ws) return;
      return reply.status(426).header('upgrade', 'websocket').type('application/problem+json')
        .send(problemBody(426, 'websocket-only', 'Живі оновлення надходять лише через WebSocket: відкрийте цю адресу як WebSocket (заголовок Upgrade: websocket)'));
    },
  }, (socket, request) => {
    const principal = request.principal!;
    // A page on another site cannot open this channel with the user's cookie (cross-site WebSocket hijacking).
    if (!sameOrigin(request.headers.origin, request.headers.host)) {
      socket.close(CLOSE_FOREIGN_ORIGIN, 'Foreign origin');
      return;
    }
    const open = openByUser.get(principal.userId) ?? 0;
    if (open >= config.liveConnectionsPerUser) {
      socket.close(CLOSE_TOO_MANY, 'Too many connections');
      return;
    }
    openByUser.set(principal.userId, open + 1);
    let alive = true;
    const unsubscribe = live.subscribe((event: LiveEvent) => {
      if (mayReceive(principal, event)) socket.send(JSON.stringify(event));
    });
    const heartbeat = setInterval(() => {
      if (!alive) {
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
      resolvePrincipal(db, request, now()).then((current) => {
        if (!current || current.role !== principal.role) socket.close(CLOSE_SESSION_ENDED, 'Session ended');
      }, () => {});
    }, HEARTBEAT_MS);
    heartbeat.unref();
    socket.on('pong', () => { alive = true; });
    socket.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      const left = (openByUser.get(principal.userId) ?? 1) - 1;
      if (left > 0) openByUser.set(principal.userId, left);
      else openByUser.delete(principal.userId);
    });
    socket.send(JSON.stringify({ type: 'hello', userId: principal.userId, role: principal.role }));
  });
};
