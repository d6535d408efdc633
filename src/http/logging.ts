import type { Writable } from 'node:stream';

/**
 * Fastify's logger settings. Requests are logged by method and path only: query strings and bodies
 * may hold names, phones or the text of an appeal, which must never reach the application logs.
 */
export function loggerOptions(level: string, stream?: Writable): Record<string, unknown> {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (request: { method: string; url: string }) => ({ method: request.method, path: request.url.split('?')[0] }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
  };
}
