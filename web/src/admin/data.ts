// What the admin screens read from the API, and the small helpers their forms share.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, get } from '../api.ts';
import type { Role } from '../app/session.ts';
import type { Page } from '../shared/lists.tsx';
import type { AuditEventView } from '../../../src/audit/view.ts';
import type { UserView } from '../../../src/auth/user-view.ts';
import type { JudicialBodyView } from '../../../src/courts/view.ts';
import type { TokenView } from '../../../src/users/view.ts';

export type { Page };

/** A user as GET /users gives it. */
export type AdminUser = UserView;

export const ROLES: readonly Role[] = ['operator', 'supervisor', 'admin', 'court_clerk', 'pbx'];


/** An API token as GET /users/{id}/api-tokens lists it: machine users only, each with its expiry. */
export type ApiToken = TokenView;

export interface Extension {
  extension: string;
  operatorId: string;
  active: boolean;
  updatedAt: string;
  /** The phone's SIP password: when it was set, and for which realm (the password itself is never shown again). */
  sipPassword: { realm: string; setAt: string } | null;
}

export type AuditEvent = AuditEventView;

/** What the user forms show of a judicial body (a clerk's court). */
export type JudicialBody = Pick<JudicialBodyView, 'id' | 'code' | 'name' | 'regionLabel' | 'active'>;


/** Query keys of the admin screens, so a change can refresh every list that shows it. */
export const keys = {
  users: ['admin', 'users'] as const,
  user: (id: string) => ['admin', 'users', 'one', id] as const,
  allUsers: ['admin', 'users', 'all'] as const,
  tokens: (userId: string) => ['admin', 'tokens', userId] as const,
  extensions: ['admin', 'extensions'] as const,
  audit: ['admin', 'audit'] as const,
  greeting: ['admin', 'greeting-boundaries'] as const,
};

export function isLocked(user: Pick<AdminUser, 'lockedUntil'>, now = Date.now()): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now;
}

/** Every user, page after page: the extension and audit screens pick people from it by name. */
export function useAllUsers() {
  return useQuery({
    queryKey: keys.allUsers,
    queryFn: async ({ signal }) => {
      const all: AdminUser[] = [];
      let cursor: string | null = null;
      // 50 pages of 100 is far beyond any contact centre's staff; the cap only guards a runaway loop.
      for (let pageNumber = 0; pageNumber < 50; pageNumber += 1) {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page: Page<AdminUser> = await get<Page<AdminUser>>(`/users?limit=100${query}`, signal);
        all.push(...page.items);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      return all;
    },
  });
}

/**
 * The server's refusal of a form: its message for each field (shown next to the field, and
 * hidden again once the person edits that field) and the whole error for the summary above.
 */
export function useServerErrors() {
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  return {
    error,
    fail(next: unknown) {
      setError(next instanceof Error ? next : new Error(String(next)));
      setEdited(new Set());
    },
    clear() {
      setError(null);
      setEdited(new Set());
    },
    /** The field's message from the last refusal, unless the field was edited since. */
    field(name: string): string | undefined {
      if (!(error instanceof ApiError) || edited.has(name)) return undefined;
      return error.fieldMessage(name);
    },
    edit(name: string) {
      if (error && !edited.has(name)) setEdited(new Set([...edited, name]));
    },
  };
}
export type ServerErrors = ReturnType<typeof useServerErrors>;

/** A readable password: no look-alike characters, 16 of them from the browser's secure generator. */
export function generatePassword(length = 16): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  // Bytes past the last whole multiple of the alphabet are skipped, so every character is equally likely.
  const limit = 256 - (256 % alphabet.length);
  let password = '';
  while (password.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length))) {
      if (byte < limit && password.length < length) password += alphabet[byte % alphabet.length];
    }
  }
  return password;
}
