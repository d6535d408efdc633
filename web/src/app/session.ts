// Who is logged in: /auth/me, cached for the whole app.
import { useQuery } from '@tanstack/react-query';
import { ApiError, get } from '../api.ts';

import type { UserView } from '../../../src/auth/user-view.ts';

export type Role = UserView['role'];

export interface Me {
  id: string;
  login: string;
  fullName: string;
  role: Role;
  operatorNumber: number | null;
  judicialBodyId: string | null;
  email?: string | null;
  active: boolean;
}

export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return (await get<{ user: Me }>('/auth/me')).user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
}

/** Where each role starts after logging in. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'operator':
      return '/operator';
    case 'supervisor':
      return '/supervisor';
    case 'court_clerk':
      return '/clerk';
    case 'admin':
      return '/admin/users';
    case 'pbx':
      return '/no-screen';
  }
}
