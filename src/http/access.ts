import type {} from 'fastify';
import { USER_ROLES, type Role, type TokenScope } from '../db/schema.ts';

/** Who may call a route. Every route must declare it; the app refuses to start otherwise. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface Principal {
  userId: string;
  role: Role;
  login: string;
  fullName: string;
  operatorNumber: number | null;
  judicialBodyId: string | null;
  /** How the request proved who it is: a browser session (needs CSRF on writes) or an API token. */
  via: 'session' | 'token';
  sessionId: string | null;
  csrfToken: string | null;
  /** What the API token opens (null for a session): only routes declaring the same `tokenScope`. */
  tokenScope: TokenScope | null;
}

export const ROLES: readonly Role[] = USER_ROLES;

/** Methods that change nothing: a session needs no CSRF token for them. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export function allows(access: Access, principal: Principal | null): 'ok' | 'unauthenticated' | 'forbidden' {
  if (access === 'public') return 'ok';
  if (!principal) return 'unauthenticated';
  if (access === 'authenticated') return 'ok';
  return access.includes(principal.role) ? 'ok' : 'forbidden';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** The API-token scope that may call this route; without it, API tokens are refused here (403). */
    tokenScope?: TokenScope;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}
