import type { Db } from '../db/database.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { createUser } from '../users/create.ts';
import { DEMO_CLERK_BODY_CODE, seedDemoBodies } from '../courts/seed.ts';

export interface DemoLogin {
  login: string;
  password: string;
  role: string;
  who: string;
}

/** Demo accounts for trying Dovira out, their passwords published in the README. Never seeded in production. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { login: 'operator', password: 'operator-demo-17', role: 'operator', who: 'Оператор № 17, Олена Петрівна Коваленко' },
  { login: 'supervisor', password: 'supervisor-demo', role: 'supervisor', who: 'керівник зміни Ігор Миколайович Шевченко' },
  { login: 'admin', password: 'admin-demo-pass', role: 'admin', who: 'адміністратор Марія Іванівна Бойко' },
  { login: 'clerk', password: 'clerk-demo-pass', role: 'court_clerk', who: 'працівник апарату Демонстраційного районного суду (демо) Андрій Олегович Мельник' },
];

/** Seeds the demo accounts once: only into a database that has no users yet. Returns whether it did. */
export async function seedDemoData(db: Db): Promise<boolean> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const system = { userId: null, ip: null };
  // The demo clerk works at a made-up court, so demo appeals never look forwarded to a real one.
  const demoBodies = await seedDemoBodies(db);
  const [operator, supervisor, admin, clerk] = DEMO_LOGINS as [DemoLogin, DemoLogin, DemoLogin, DemoLogin];
  await createUser(db, system, { login: operator.login, password: operator.password, role: 'operator', fullName: 'Олена Петрівна Коваленко', operatorNumber: 17 });
  // A demo address in example.org, a domain reserved for examples (RFC 2606): no real mailbox.
  await createUser(db, system, { login: supervisor.login, password: supervisor.password, role: 'supervisor', fullName: 'Ігор Миколайович Шевченко', email: 'supervisor.demo@example.org' });
  await createUser(db, system, { login: admin.login, password: admin.password, role: 'admin', fullName: 'Марія Іванівна Бойко' });
  await createUser(db, system, { login: clerk.login, password: clerk.password, role: 'court_clerk', fullName: 'Андрій Олегович Мельник', judicialBodyId: demoBodies[DEMO_CLERK_BODY_CODE] });
  return true;
}

/**
 * The demo logins that still open with their published password (active accounts only): a
 * production start refuses to run with any of them, since anyone who read the README could sign in.
 */
export async function demoLoginsStillOpen(db: Db): Promise<string[]> {
  const users = await db.selectFrom('users').select(['login', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['login']), 'in', DEMO_LOGINS.map((demo) => demo.login)))
    .where('active', '=', true)
    .execute();
  const open: string[] = [];
  for (const demo of DEMO_LOGINS) {
    const user = users.find((row) => row.login.toLowerCase() === demo.login);
    if (user && (await verifyPassword(user.password_hash, demo.password))) open.push(demo.login);
  }
  return open;
}
