// Serves the browser workspace (web/dist, built by scripts/build-web.ts) from the API's own
// process: hashed assets cached for a year, every other page address answered with the app.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

const NOT_BUILT = `<!doctype html><html lang="uk"><meta charset="utf-8"><title>Dovira</title>
<p>Вебінтерфейс ще не зібрано. Виконайте <code>npm install</code> або <code>node scripts/build-web.ts</code> і перезапустіть Dovira.
API працює: <a href="/api/docs">/api/docs</a>.</p></html>`;

export async function webRoutes(app: FastifyInstance): Promise<void> {
  // cacheControl off: the routes below set their own (the page never cached, hashed assets for a year).
  await app.register(fastifyStatic, { root: WEB_DIST, serve: false, preCompressed: true, index: false, cacheControl: false });

  const page = async (_request: FastifyRequest, reply: FastifyReply) => {
    if (!existsSync(path.join(WEB_DIST, 'index.html'))) return reply.type('text/html; charset=utf-8').status(503).send(NOT_BUILT);
    // The page itself is never cached, so a new build reaches people on their next load.
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };

  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, page);
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
