import type { Actor } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Db } from '../db/database.ts';
import type { Role, User } from '../db/schema.ts';

export interface NewUserInput {
  login: string;
  fullName: string;
  role: Role;
  password: string;
  operatorNumber?: number | undefined;
  judicialBodyId?: string | undefined;
  /** Where Dovira e-mails the person (supervisors: new appeals, A2). */
  email?: string | null | undefined;
}

/** Creates a user and its audit event in one transaction (used by the admin API and the demo seed). */
export async function createUser(db: Db, actor: Actor, input: NewUserInput): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const created = await trx.insertInto('users').values({
      login: input.login,
      full_name: input.fullName,
      role: input.role,
      operator_number: input.operatorNumber ?? null,
      judicial_body_id: input.judicialBodyId ?? null,
      email: input.email ?? null,
      password_hash: passwordHash,
    }).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      entityType: 'user',
      entityId: created.id,
      action: 'created',
      // Whether there is an e-mail, not the address: the trail holds no contact data.
      changes: { login: created.login, role: created.role, operatorNumber: created.operator_number, judicialBodyId: created.judicial_body_id, hasEmail: created.email !== null },
    });
    return created;
  });
}
