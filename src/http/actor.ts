import type { FastifyRequest } from 'fastify';
import { clientAddress } from './client-address.ts';

/** Who did it and from where: a user (null for Dovira itself) and the client's address. */
export interface Actor {
  userId: string | null;
  ip: string | null;
}

export function actorOf(request: FastifyRequest): Actor {
  return { userId: request.principal?.userId ?? null, ip: clientAddress(request) };
}
