// Serves the browser workspace (web/dist, built by scripts/build-web.ts) from the API's own
// process: hashed assets cached for a year, every other page address answered with the app.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

const NOT_BUILT = `<!doctype html><html lang="uk"><meta charset="utf-8"><title>Dovira</title>
<p>Вебінтерфейс ще не зібрано. Виконайте <code>npm install</code> або <code>node scripts/build-web.ts</code> і перезапустіть Dovira.
API працює: <a href="/api/docs">/api/docs</a>.</p></html>`;

/** Dovira's mark: the tab's icon, small enough to keep here rather than build. */
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1c4f9c"/>`
  + `<path d="M9 7h7a9 9 0 0 1 0 18H9z" fill="none" stroke="#ffd500" stroke-width="3.5"/></svg>`;

/**
 * A mistyped page address (not the API's) gets the app, which shows its «Сторінку не знайдено» page
 * with a way back; the status stays 404. Null when it is not a page address or the app is not built.
 */
export async function notFoundPage(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | null> {
  const address = request.url.split('?')[0]!;
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  if (address === '/api' || address.startsWith('/api/') || !(request.headers.accept ?? '').includes('text/html')) return null;
  const index = path.join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return null;
  return reply.status(404).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(await readFile(index));
}

export async function webRoutes(app: FastifyInstance): Promise<void> {
  // cacheControl off: the routes below set their own (the page never cached, hashed assets for a year).
  await app.register(fastifyStatic, { root: WEB_DIST, serve: false, preCompressed: true, index: false, cacheControl: false });

  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    if (!existsSync(path.join(WEB_DIST, 'index.html'))) return reply.type('text/html; charset=utf-8').status(503).send(NOT_BUILT);
    // The page itself is never cached, so a new build reaches people on their next load.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };

  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, page);
  for (const icon of ['/favicon.ico', '/favicon.svg']) {
    app.get(icon, { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(ICON));
  }
  app.get('/assets/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const file = (request.params as { '*': string })['*'];
    // Vite names assets by their content hash: a file's name changes whenever it does.
    return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(`assets/${file}`);
  });
  // Addresses of the app's screens (/operator, /supervisor/calls/…), so a reload lands where it was.
  for (const prefix of ['/operator', '/supervisor', '/clerk', '/admin', '/login', '/no-screen']) {
    app.get(prefix, { config: { access: 'public' }, schema: { hide: true } }, page);
    app.get(`${prefix}/*`, { config: { access: 'public' }, schema: { hide: true } }, page);
  }
}
