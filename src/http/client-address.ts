import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/**
 * The client's address as the audit trail and the login back-off record it. Fastify takes it from
 * X-Forwarded-For only when the connection comes from a trusted proxy (DOVIRA_TRUSTED_PROXIES);
 * even then the header is the proxy's word, so anything that is not an IP address is never kept:
 * the address of the connection itself is used instead.
 */
export function clientAddress(request: FastifyRequest): string | null {
  if (isIP(request.ip) !== 0) return request.ip;
  const peer = request.socket.remoteAddress;
  return peer !== undefined && isIP(peer) !== 0 ? peer : null;
}
