// `npm run create-admin -- LOGIN "Повне ім’я"`: makes the first administrator of a production
// database (where no demo accounts are created). Reads the password from standard input.
import { createInterface } from 'node:readline/promises';
import { databaseSettings } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { MIN_PASSWORD_LENGTH } from '../src/auth/passwords.ts';
import { createUser } from '../src/users/create.ts';

const [login, fullName] = process.argv.slice(2);
if (!login || !fullName) {
  console.error('Використання: npm run create-admin -- ЛОГІН "Повне ім’я"  (пароль — зі стандартного вводу)');
  process.exit(2);
}
const input = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
if (process.stdin.isTTY) process.stderr.write(`Пароль (щонайменше ${MIN_PASSWORD_LENGTH} символів): `);
const password = (await input.question('')).trim();
input.close();
if (password.length < MIN_PASSWORD_LENGTH) {
  console.error(`Пароль має містити щонайменше ${MIN_PASSWORD_LENGTH} символів`);
  process.exit(2);
}
const where = databaseSettings();
const database = await openDatabase({ url: where.databaseUrl, dataDir: where.pgliteDir });
try {
  const user = await createUser(database.db, { userId: null, ip: null }, { login, fullName, role: 'admin', password });
  console.log(`Адміністратора ${user.login} створено`);
} catch (error) {
  const code = (error as { code?: string }).code;
  console.error(code === '23505' ? `Логін ${login} уже зайнятий` : `Не вдалося створити адміністратора: ${String(error)}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
