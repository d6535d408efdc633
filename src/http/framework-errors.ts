// What Fastify's router refuses before any route, hook or error handler runs: an address whose
// percent-encoding is not UTF-8, and a part of the address longer than a route parameter may be.
// Answered like every other refusal: a Ukrainian problem document, never the address echoed back.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { problemBody } from './problem.ts';

export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const [status, code, detail] =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? [414, 'address-too-long', 'Адреса задовга: ідентифікатор у ній довший, ніж буває']
      : error.code === 'FST_ERR_BAD_URL' ? [400, 'bad-address', 'Адреса містить некоректні символи: очікується текст у кодуванні UTF-8']
        : [500, 'internal', 'Сталася внутрішня помилка. Спробуйте ще раз; якщо повториться, повідомте адміністратора'];
  reply.status(status).type('application/problem+json').send(problemBody(status, code, detail));
}
