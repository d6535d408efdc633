// Security headers on every response (pages, assets, API answers, errors), through @fastify/helmet.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

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
 * `publicUrl` says how people reach Dovira: behind TLS (https://) browsers are also told to come
 * back only over HTTPS for a year (HSTS; browsers ignore it on plain http anyway).
 */
export async function registerSecurityHeaders(app: FastifyInstance, publicUrl: string): Promise<void> {
  const overTls = publicUrl.startsWith('https:');
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(overTls) },
    hsts: overTls ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}
