// A person's account as the API shows it: to the person at sign-in and in /auth/me, and to the admin
// (src/users/). It lives with auth, which the admin's user management builds on, because it carries
// auth's own state of the account: the end of its login back-off.
import { z } from 'zod';
import { USER_ROLES, type User } from '../db/schema.ts';

export const RoleSchema = z.enum(USER_ROLES);

export const UserView = z.object({
  id: z.uuid(),
  login: z.string(),
  fullName: z.string(),
  role: RoleSchema,
  operatorNumber: z.number().int().nullable(),
  judicialBodyId: z.uuid().nullable(),
  email: z.string().nullable().describe('Для листів від Dovira (керівникам — про нові звернення)'),
  active: z.boolean(),
  lockedUntil: z.string().nullable().describe('Коли закінчиться пауза після невдалих спроб входу під цим логіном; null — паузи немає'),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

/** `backedOffUntil`: the end of the login's back-off, when it is backed off (login-throttle.ts). */
export function userView(user: User, backedOffUntil: Date | null = null): UserView {
  return {
    id: user.id,
    login: user.login,
    fullName: user.full_name,
    role: user.role,
    operatorNumber: user.operator_number,
    judicialBodyId: user.judicial_body_id,
    email: user.email,
    active: user.active,
    lockedUntil: backedOffUntil ? backedOffUntil.toISOString() : null,
    createdAt: user.created_at.toISOString(),
  };
}
