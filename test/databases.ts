// The databases every repository and HTTP test (and the operator's and supervisor's browser tests)
// runs on: embedded PGlite always, and a real PostgreSQL server when TEST_DATABASE_URL names one (CI
// always does).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase, type OpenedDatabase } from '../src/db/database.ts';
import { freshPostgresDatabase } from './server-process.ts';

export interface DatabaseTarget {
  name: 'PGlite' | 'PostgreSQL';
  /** A new, empty database, opened in this process. */
  open(): Promise<OpenedDatabase>;
  /**
   * A new, empty database for Dovira started as a process (`npm start`): the environment that points
   * it there, and how to remove the database once the process has stopped.
   */
  forProcess(): Promise<{ env: Record<string, string>; remove(): Promise<void> }>;
}

export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{
    name: 'PGlite',
    open: () => openDatabase({}),
    forProcess: async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'dovira-process-'));
      return { env: { DOVIRA_DATA_DIR: dataDir }, remove: () => rm(dataDir, { recursive: true, force: true }) };
    },
  }];
  const url = testServerUrl();
  if (url) {
    targets.push({
      name: 'PostgreSQL',
      open: () => openFreshPostgres(url),
      forProcess: async () => {
        const database = await freshPostgresDatabase(url, 'dovira_process');
        // On PostgreSQL Dovira asks to be told it is a demo: the demo accounts are what the tests log in with.
        return { env: { DATABASE_URL: database.url, DOVIRA_MODE: 'demo' }, remove: database.drop };
      },
    });
  }
  return targets;
}

/** TEST_DATABASE_URL; in CI a missing server is a failure, never a quietly skipped half of the suite. */
function testServerUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI) throw new Error('CI=true, але TEST_DATABASE_URL не задано: тести PostgreSQL не можна пропустити');
  return url || undefined;
}

/**
 * For tests only a PostgreSQL server can run (several Dovira processes on one database, kill -9,
 * pg_dump): the server's URL, and `skip` for the test's or suite's options. Without a server (only
 * outside CI) the tests are still registered, skipped with «needs TEST_DATABASE_URL: <reason>».
 */
export function postgresServer(reason: string): { url: string; skip: string | false } {
  const url = testServerUrl();
  return url ? { url, skip: false } : { url: '', skip: `needs TEST_DATABASE_URL: ${reason}` };
}

/**
 * A test only PostgreSQL can run, in a suite that runs once per database target: it runs under the
 * PostgreSQL target and is never registered under PGlite while PostgreSQL runs it (so CI skips
 * nothing); without a server it is registered once, under PGlite, skipped with its reason.
 */
export function testOnPostgres(target: DatabaseTarget, name: string, reason: string, body: (serverUrl: string) => Promise<void>): void {
  const server = postgresServer(reason);
  if (target.name === 'PostgreSQL') void test(name, () => body(server.url));
  else if (server.skip) void test(name, { skip: server.skip }, () => {});
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
