import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { HttpProblem } from './problem.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Replaces Fastify's JSON parser so that invalid UTF-8 is refused instead of being silently turned
 * into replacement characters that would then be stored as if the operator had typed them.
 */
export function registerStrictJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body: Buffer, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body);
    } catch {
      done(new HttpProblem(400, 'invalid-utf8', 'Тіло запиту містить некоректні символи: очікується текст у кодуванні UTF-8'), undefined);
      return;
    }
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch {
      done(new HttpProblem(400, 'malformed-json', 'Тіло запиту не є коректним JSON'), undefined);
    }
  });
}
