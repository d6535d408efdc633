import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import type { User } from '../db/schema.ts';
import type { Principal } from '../http/access.ts';
import type { NoticeSource, NoticeWatcher } from '../live/bus.ts';
import { sha256 } from './secrets.ts';

export const SESSION_COOKIE = 'dovira_session';
export const CSRF_COOKIE = 'dovira_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const API_TOKEN_PREFIX = 'dvr_';

const userColumns = ['users.id', 'users.role', 'users.login', 'users.full_name', 'users.operator_number', 'users.judicial_body_id'] as const;

/** Finds who is calling: an API token in `Authorization: Bearer`, else the session cookie. */
export async function resolvePrincipal(db: Db, request: FastifyRequest, now: Date): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    const token = authorization.slice('Bearer '.length).trim();
    const row = await db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select([...userColumns, 'api_tokens.id as token_id', 'api_tokens.last_used_at', 'api_tokens.scope'])
      .where('api_tokens.token_hash', '=', sha256(token))
      .where('api_tokens.revoked_at', 'is', null)
      .where('api_tokens.expires_at', '>', now)
      // Tokens are for machines: one left from before a role change opens nothing.
      .where('users.role', '=', 'pbx')
      .where('users.active', '=', true)
      .executeTakeFirst();
    if (!row) return null;
    // "Last used" to the minute is enough, and spares a PBX's every event a write.
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
    }
    return { ...principalOf(row, 'token', null, null), tokenScope: row.scope };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const sessionId = sha256(cookie);
  const row = await sessionsOf(db).find(sessionId);
  if (!row || row.expires_at.getTime() <= now.getTime()) return null;
  return principalOf(row, 'session', sessionId, row.csrf_token);
}

type SessionRow = UserRow & { session_id: string; csrf_token: string; expires_at: Date };

/** Where the database announces changes to sessions and users (migration 0014's triggers). */
export const SESSION_CHANGES_CHANNEL = 'dovira_sessions';
/** A bound on memory, far above the people a centre has signed in at once. */
const MAX_KEPT_SESSIONS = 10_000;

/**
 * Looks sessions up together: those asked for while one lookup runs go in the next, as one query.
 * While the process hears the database's notices of changed sessions and users, it also keeps the
 * sessions it found, so a signed-in user's next request needs no query at all. A logout, a password
 * change, a deactivation or a new role on any node drops the kept session on every node as soon as
 * its notice arrives; while the notices cannot be heard (connection lost), nothing is kept.
 */
class SessionLookups implements NoticeWatcher {
  readonly #db: Db;
  #waiting = new Map<string, PromiseWithResolvers<SessionRow | undefined>[]>();
  #running = false;
  /** Null while not listening for changes. */
  #kept: Map<string, SessionRow> | null = null;
  /** Counts the changes heard: a lookup that ran across one may have read what it announced as gone. */
  #changes = 0;

  constructor(db: Db) {
    this.#db = db;
  }

  find(sessionId: string): Promise<SessionRow | undefined> | SessionRow {
    const kept = this.#kept?.get(sessionId);
    if (kept) return kept;
    const answer = Promise.withResolvers<SessionRow | undefined>();
    this.#waiting.set(sessionId, [...this.#waiting.get(sessionId) ?? [], answer]);
    void this.#drain();
    return answer.promise;
  }

  notice(payload: string): void {
    this.#changes++;
    if (!this.#kept) return;
    if (payload.startsWith('session:')) {
      this.#kept.delete(payload.slice('session:'.length));
    } else if (payload.startsWith('user:')) {
      const userId = payload.slice('user:'.length);
      for (const [id, row] of this.#kept) if (row.id === userId) this.#kept.delete(id);
    } else {
      this.#kept.clear();
    }
  }

  reset(listening: boolean): void {
    this.#changes++;
    this.#kept = listening ? new Map() : null;
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#waiting.size > 0) {
        const batch = this.#waiting;
        this.#waiting = new Map();
        const changesBefore = this.#changes;
        try {
          const rows = await this.#db
            .selectFrom('sessions')
            .innerJoin('users', 'users.id', 'sessions.user_id')
            .select([...userColumns, 'sessions.id as session_id', 'sessions.csrf_token', 'sessions.expires_at'])
            .where('sessions.id', '=', (eb) => eb.fn.any(eb.val([...batch.keys()])))
            .where('users.active', '=', true)
            .execute();
          const found = new Map(rows.map((row) => [row.session_id, row]));
          if (this.#kept && this.#changes === changesBefore) {
            if (this.#kept.size + found.size > MAX_KEPT_SESSIONS) this.#kept.clear();
            for (const [id, row] of found) this.#kept.set(id, row);
          }
          for (const [id, answers] of batch) for (const answer of answers) answer.resolve(found.get(id));
        } catch (error) {
          for (const answers of batch.values()) for (const answer of answers) answer.reject(error);
        }
      }
    } finally {
      this.#running = false;
    }
  }
}

const lookups = new WeakMap<Db, SessionLookups>();

function sessionsOf(db: Db): SessionLookups {
  let found = lookups.get(db);
  if (!found) lookups.set(db, found = new SessionLookups(db));
  return found;
}

/** Lets this process keep the sessions it looks up, for as long as `source` hears the database's changes. */
export function keepSessionsWhileWatching(db: Db, source: NoticeSource): void {
  source.watch(SESSION_CHANGES_CHANNEL, sessionsOf(db));
}

type UserRow = Pick<User, 'id' | 'role' | 'login' | 'full_name' | 'operator_number' | 'judicial_body_id'>;

function principalOf(user: UserRow, via: Principal['via'], sessionId: string | null, csrfToken: string | null): Principal {
  return {
    userId: user.id,
    role: user.role,
    login: user.login,
    fullName: user.full_name,
    operatorNumber: user.operator_number,
    judicialBodyId: user.judicial_body_id,
    via,
    sessionId,
    csrfToken,
    tokenScope: null,
  };
}
