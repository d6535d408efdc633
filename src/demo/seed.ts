import type { Db } from '../db/database.ts';
import { createUser } from '../users/create.ts';
import { recordAudit } from '../audit/audit.ts';

export interface DemoLogin {
  login: string;
  password: string;
  role: string;
  who: string;
}

/** Demo accounts for trying Dovira out. Never seeded in production (DOVIRA_DEMO_DATA=false there). */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  { login: 'operator', password: 'operator-demo-17', role: 'operator', who: 'Оператор № 17, Олена Петрівна Коваленко' },
  { login: 'supervisor', password: 'supervisor-demo', role: 'supervisor', who: 'керівник зміни Ігор Миколайович Шевченко' },
  { login: 'admin', password: 'admin-demo-pass', role: 'admin', who: 'адміністратор Марія Іванівна Бойко' },
  { login: 'clerk', password: 'clerk-demo-pass', role: 'court_clerk', who: 'працівник апарату суду Андрій Олегович Мельник' },
];

/** Seeds the demo accounts once: only into a database that has no users yet. Returns whether it did. */
export async function seedDemoData(db: Db): Promise<boolean> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  const system = { userId: null, ip: null };
  const body = await db.transaction().execute(async (trx) => {
    // A real national body by its real name; its code is Dovira's own and the row is marked as demo.
    const row = await trx.insertInto('judicial_bodies').values({ code: 'demo-supreme-court', name: 'Верховний Суд', is_demo: true }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, system, { entityType: 'judicial_body', entityId: row.id, action: 'created', changes: { demo: true } });
    return row;
  });
  const [operator, supervisor, admin, clerk] = DEMO_LOGINS as [DemoLogin, DemoLogin, DemoLogin, DemoLogin];
  await createUser(db, system, { login: operator.login, password: operator.password, role: 'operator', fullName: 'Олена Петрівна Коваленко', operatorNumber: 17 });
  await createUser(db, system, { login: supervisor.login, password: supervisor.password, role: 'supervisor', fullName: 'Ігор Миколайович Шевченко' });
  await createUser(db, system, { login: admin.login, password: admin.password, role: 'admin', fullName: 'Марія Іванівна Бойко' });
  await createUser(db, system, { login: clerk.login, password: clerk.password, role: 'court_clerk', fullName: 'Андрій Олегович Мельник', judicialBodyId: body.id });
  return true;
}
