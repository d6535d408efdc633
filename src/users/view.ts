import { z } from 'zod';
import type { User } from '../db/schema.ts';

export const RoleSchema = z.enum(['operator', 'supervisor', 'admin', 'court_clerk', 'pbx']);

export const UserView = z.object({
  id: z.uuid(),
  login: z.string(),
  fullName: z.string(),
  role: RoleSchema,
  operatorNumber: z.number().int().nullable(),
  judicialBodyId: z.uuid().nullable(),
  email: z.string().nullable().describe('Для листів від Dovira (керівникам — про нові звернення)'),
  active: z.boolean(),
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export function userView(user: User): UserView {
  return {
    id: user.id,
    login: user.login,
    fullName: user.full_name,
    role: user.role,
    operatorNumber: user.operator_number,
    judicialBodyId: user.judicial_body_id,
    email: user.email,
    active: user.active,
    lockedUntil: user.locked_until ? user.locked_until.toISOString() : null,
    createdAt: user.created_at.toISOString(),
  };
}
