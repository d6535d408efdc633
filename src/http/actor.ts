import type { FastifyRequest } from 'fastify';
import type { Actor } from '../audit/audit.ts';
import { clientAddress } from './client-address.ts';

export function actorOf(request: FastifyRequest): Actor {
  return { userId: request.principal?.userId ?? null, ip: clientAddress(request) };
}
