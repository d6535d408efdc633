// The admin's management of people's accounts: the list, one account, a new one, a change (role,
// operator number, body, e-mail, disabling, a new password, lifting a login back-off). Each change
// and its audit event in one transaction; what the rules refuse is told as a Refusal.
import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.ts';
import { deviceHashesOf } from '../auth/known-devices.ts';
import { accountBackoffs, accountKey, clearAttempts, deviceKey } from '../auth/login-throttle.ts';
import { hashPassword } from '../auth/passwords.ts';
import { userView, type UserView } from '../auth/user-view.ts';
import type { Db } from '../db/database.ts';
import type { Role, User } from '../db/schema.ts';
import type { FieldError } from '../http/problem.ts';
import { missing, Refusal } from '../http/problem.ts';
import { page, type Cursor } from '../http/pagination.ts';
import { createUser, type NewUserInput } from './create.ts';

/** The rules of G3 and of clerks: an operator has a number, a clerk a judicial body, nobody else either. */
function checkRoleFields(role: Role, operatorNumber: number | null, judicialBodyId: string | null): void {
  const errors: FieldError[] = [];
  if (role === 'operator' && operatorNumber === null) errors.push({ field: 'operatorNumber', message: 'Оператору потрібен номер («Оператор № …»)' });
  if (role !== 'operator' && operatorNumber !== null) errors.push({ field: 'operatorNumber', message: 'Номер мають лише оператори' });
  if (role === 'court_clerk' && judicialBodyId === null) errors.push({ field: 'judicialBodyId', message: 'Працівнику суду потрібен орган судової влади' });
  if (role !== 'court_clerk' && judicialBodyId !== null) errors.push({ field: 'judicialBodyId', message: 'Орган судової влади вказують лише для працівника суду' });
  if (errors.length > 0) throw new Refusal('unprocessable', 'role-fields', 'Поля не відповідають ролі користувача', errors);
}

/** A taken login or operator number, or an unknown body, told as such; anything else as it came. */
function refusalOf(error: unknown): unknown {
  const e = error as { code?: string; constraint?: string };
  const constraint = e.code === '23505' ? e.constraint : undefined;
  if (constraint === 'users_login_key') return new Refusal('conflict', 'login-taken', 'Такий логін уже зайнятий', [{ field: 'login', message: 'Логін зайнятий' }]);
  if (constraint === 'users_operator_number_key') return new Refusal('conflict', 'operator-number-taken', 'Такий номер оператора вже має інший оператор', [{ field: 'operatorNumber', message: 'Номер зайнятий' }]);
  if (e.code === '23503') return new Refusal('unprocessable', 'unknown-body', 'Такого органу судової влади немає в довіднику', [{ field: 'judicialBodyId', message: 'Невідомий орган' }]);
  return error;
}

/** The users with the end of each one's login back-off, for the admin's list and detail. */
async function withBackoffs(db: Db, users: User[], at: Date): Promise<UserView[]> {
  const backoffs = await accountBackoffs(db, users.map((u) => u.login), at);
  return users.map((u) => userView(u, backoffs.get(u.login.toLowerCase()) ?? null));
}

/** A page of users, newest first. */
export async function listUsers(db: Db, query: { limit: number; role?: Role | undefined; cursor?: Cursor | undefined }, at: Date): Promise<{ items: UserView[]; nextCursor: string | null }> {
  let select = db.selectFrom('users').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1);
  if (query.role) select = select.where('role', '=', query.role);
  if (query.cursor) select = select.where(sql<boolean>`(created_at, id) < (${query.cursor.at}::timestamptz, ${query.cursor.id}::uuid)`);
  const result = page(await select.execute(), query.limit, (u) => ({ at: u.created_at, id: u.id }));
  return { items: await withBackoffs(db, result.items, at), nextCursor: result.nextCursor };
}

export async function readUser(db: Db, id: string, at: Date): Promise<UserView> {
  const user = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!user) throw missing('Користувача');
  return (await withBackoffs(db, [user], at))[0]!;
}

/** A new account from the admin: the role's fields checked first. */
export async function addUser(db: Db, actor: Actor, input: NewUserInput, at: Date): Promise<UserView> {
  checkRoleFields(input.role, input.operatorNumber ?? null, input.judicialBodyId ?? null);
  try {
    const user = await createUser(db, actor, input);
    return (await withBackoffs(db, [user], at))[0]!;
  } catch (error) {
    throw refusalOf(error);
  }
}

/** What the admin may change; a field left out stays as it is. */
export interface UserChanges {
  fullName?: string | undefined;
  role?: Role | undefined;
  operatorNumber?: number | null | undefined;
  judicialBodyId?: string | null | undefined;
  /** null takes the address away. */
  email?: string | null | undefined;
  active?: boolean | undefined;
  password?: string | undefined;
  /** Ends the login's back-off, and that of each browser the person signed in from. */
  unlock?: true | undefined;
}

/**
 * Changes an account. The admin cannot disable themselves nor give up their own admin role (nobody
 * would be left to undo it); what ends a person's trust (disabling, a new password, a new role)
 * closes their sessions.
 */
export async function updateUser(db: Db, actor: Actor, id: string, body: UserChanges, at: Date): Promise<UserView> {
  const passwordHash = body.password ? await hashPassword(body.password) : undefined;
  try {
    const user = await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!before) throw missing('Користувача');
      const role = body.role ?? before.role;
      const operatorNumberValue = body.operatorNumber !== undefined ? body.operatorNumber : role === 'operator' ? before.operator_number : null;
      const bodyId = body.judicialBodyId !== undefined ? body.judicialBodyId : role === 'court_clerk' ? before.judicial_body_id : null;
      checkRoleFields(role, operatorNumberValue, bodyId);
      if (before.id === actor.userId && (body.active === false || (body.role && body.role !== 'admin'))) {
        throw new Refusal('unprocessable', 'self-lockout', 'Не можна вимкнути власний обліковий запис чи зняти з себе роль адміністратора');
      }
      const updated = await trx.updateTable('users').set({
        full_name: body.fullName ?? before.full_name,
        role,
        operator_number: operatorNumberValue,
        judicial_body_id: bodyId,
        email: body.email !== undefined ? body.email : before.email,
        active: body.active ?? before.active,
        ...(passwordHash ? { password_hash: passwordHash } : {}),
        updated_at: at,
      }).where('id', '=', before.id).returningAll().executeTakeFirstOrThrow();
      if (body.active === false || passwordHash || (body.role && body.role !== before.role)) {
        await trx.deleteFrom('sessions').where('user_id', '=', before.id).execute();
      }
      // Unlocking, or a new password, ends the login's back-off and that of each known browser.
      if (body.unlock || passwordHash) {
        await clearAttempts(trx, [accountKey(before.login), ...(await deviceHashesOf(trx, before.id)).map(deviceKey)]);
      }
      // With a new password, the browsers that knew the old one are no longer trusted.
      if (passwordHash) await trx.deleteFrom('known_devices').where('user_id', '=', before.id).execute();
      // API tokens are for machine users only: a pbx user turned into a person loses them.
      if (before.role === 'pbx' && updated.role !== 'pbx') {
        const revoked = await trx.updateTable('api_tokens').set({ revoked_at: at })
          .where('user_id', '=', before.id).where('revoked_at', 'is', null).returning('id').execute();
        for (const token of revoked) {
          await recordAudit(trx, actor, { entityType: 'api_token', entityId: token.id, action: 'revoked', changes: { reason: 'role-changed' } });
        }
      }
      const changes: Record<string, unknown> = {};
      for (const [key, column] of [['fullName', 'full_name'], ['role', 'role'], ['operatorNumber', 'operator_number'], ['judicialBodyId', 'judicial_body_id'], ['active', 'active']] as const) {
        if (before[column] !== updated[column]) changes[key] = { from: before[column], to: updated[column] };
      }
      if (passwordHash) changes.password = 'changed';
      if (before.email !== updated.email) changes.email = 'changed';
      if (body.unlock) changes.unlocked = true;
      await recordAudit(trx, actor, { entityType: 'user', entityId: before.id, action: 'updated', changes });
      return updated;
    });
    return (await withBackoffs(db, [user], at))[0]!;
  } catch (error) {
    throw refusalOf(error);
  }
}
