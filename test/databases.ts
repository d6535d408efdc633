// The databases every repository and HTTP test runs on: embedded PGlite always, and a real
// PostgreSQL server when TEST_DATABASE_URL names one (CI always does).
import { openDatabase, type OpenedDatabase } from '../src/db/database.ts';
import { freshPostgresDatabase } from './server-process.ts';

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
  const database = await freshPostgresDatabase(serverUrl, 'dovira_test');
  const opened = await openDatabase({ url: database.url, poolSize: 40 });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await database.drop();
    },
  };
}
