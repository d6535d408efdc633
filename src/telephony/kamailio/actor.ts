// Who kamailio's events are recorded as: a machine user of the role pbx, like an exchange that
// posts to the event API with its token. Created on first use, with a password nobody knows.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../audit/audit.ts';
import type { Db } from '../../db/database.ts';
import { createUser } from '../../users/create.ts';

export const KAMAILIO_LOGIN = 'kamailio';

async function existing(db: Db): Promise<Actor | null> {
  const user = await db.selectFrom('users').select(['id', 'role']).where('login', '=', KAMAILIO_LOGIN).executeTakeFirst();
  if (!user) return null;
  if (user.role !== 'pbx') throw new Error(`Користувач «${KAMAILIO_LOGIN}» уже є, але не з роллю pbx: перейменуйте його, щоб Dovira могла записувати події kamailio`);
  return { userId: user.id, ip: null };
}

export async function kamailioActor(db: Db): Promise<Actor> {
  const found = await existing(db);
  if (found) return found;
  try {
    const created = await createUser(db, { userId: null, ip: null }, {
      login: KAMAILIO_LOGIN,
      fullName: 'Телефонна станція kamailio',
      role: 'pbx',
      password: randomBytes(32).toString('base64url'),
    });
    return { userId: created.id, ip: null };
  } catch (error) {
    // Another Dovira process created it at the same moment.
    const raced = await existing(db);
    if (raced) return raced;
    throw error;
  }
}
