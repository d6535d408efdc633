// Security headers on every response (pages, assets, API answers, errors), decided by helmet.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * The Content-Security-Policy the workspace runs under. Scripts only from Dovira's own address and
 * never inline, so an injected <script> or onclick= does nothing; the page may not be framed
 * (clickjacking). Styles may be inline: Mantine sets its CSS variables in style attributes.
 * connect-src 'self' covers the live channel (ws:/wss: to the same host).
 */
export function contentSecurityPolicy(overTls: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // On plain http (a demo on 127.0.0.1) upgrading would break every request.
    ...(overTls ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * The headers helmet sets with Dovira's options. They depend on no request, so helmet is asked
 * once, at start, and every answer then carries the same ones. (@fastify/helmet builds helmet
 * anew for every request, parsing its options and the policy each time: measured, that cost
 * about a tenth of the appeal registrations a server answers per second.)
 */
export function securityHeaders(publicUrl: string): Record<string, string> {
  const overTls = publicUrl.startsWith('https:');
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(overTls) },
    // Behind TLS (https://) browsers are told to come back only over HTTPS for a year; on plain http they would ignore it.
    strictTransportSecurity: overTls ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => { headers[name.toLowerCase()] = String(value); },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()]; },
  };
  let failed: unknown;
  middleware({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => { failed = error; });
  if (failed) throw failed;
  return headers;
}

export function registerSecurityHeaders(app: FastifyInstance, publicUrl: string): void {
  const headers = securityHeaders(publicUrl);
  if (!headers['content-security-policy']) throw new Error('helmet set no Content-Security-Policy');
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
