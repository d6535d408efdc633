// The databases every repository and HTTP test runs on: embedded PGlite always, and a real
// PostgreSQL server when TEST_DATABASE_URL names one (CI always does).
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase, type OpenedDatabase } from '../src/db/database.ts';

export interface DatabaseTarget {
  name: 'PGlite' | 'PostgreSQL';
  open(): Promise<OpenedDatabase>;
}

export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: 'PGlite', open: () => openDatabase({}) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    targets.push({ name: 'PostgreSQL', open: () => openFreshPostgres(url) });
  } else if (process.env.CI) {
    // In CI a missing server is a failure, never a quietly skipped half of the suite.
    throw new Error('CI=true, але TEST_DATABASE_URL не задано: тести PostgreSQL не можна пропустити');
  }
  return targets;
}

/** A new, empty database on the server for one suite, dropped when the suite closes it. */
async function openFreshPostgres(serverUrl: string): Promise<OpenedDatabase> {
  const name = `dovira_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ url: url.toString(), poolSize: 40 });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
