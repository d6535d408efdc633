// Who an adapter's events are recorded as: a machine user of the role pbx, like an exchange that
// posts to the event API with its token. Created on first use, with a password nobody knows.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import { createUser } from '../users/create.ts';

async function existing(db: Db, login: string, exchange: string): Promise<Actor | null> {
  const user = await db.selectFrom('users').select(['id', 'role']).where('login', '=', login).executeTakeFirst();
  if (!user) return null;
  if (user.role !== 'pbx') throw new Error(`Користувач «${login}» уже є, але не з роллю pbx: перейменуйте його, щоб Dovira могла записувати події ${exchange}`);
  return { userId: user.id, ip: null };
}

/** The machine user `login` for the exchange `exchange` (e.g. «kamailio»), created if missing. */
export async function machineActor(db: Db, login: string, exchange: string): Promise<Actor> {
  const found = await existing(db, login, exchange);
  if (found) return found;
  try {
    const created = await createUser(db, { userId: null, ip: null }, {
      login,
      fullName: `Телефонна станція ${exchange}`,
      role: 'pbx',
      password: randomBytes(32).toString('base64url'),
    });
    return { userId: created.id, ip: null };
  } catch (error) {
    // Another Dovira process created it at the same moment.
    const raced = await existing(db, login, exchange);
    if (raced) return raced;
    throw error;
  }
}
