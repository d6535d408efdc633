import { mkdir } from 'node:fs/promises';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.ts';
import { migrateTo, migrateToLatest } from './migrate.ts';
import { prepareStatementsOnEachConnection } from './prepared.ts';

export type Db = Kysely<Database>;

export interface OpenedDatabase {
  db: Db;
  kind: 'postgresql' | 'pglite';
  /** The connection pool under db, for the metrics endpoint's counts of busy, idle and waiting. */
  pool: pg.Pool;
  close(): Promise<void>;
}

// timestamptz and bigint arrive as Date and string by default; counts are small enough for numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export interface OpenOptions {
  /** PostgreSQL connection string; without it, an embedded PGlite database. */
  url?: string | undefined;
  /** PGlite data directory; omitted means in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
  onIdleError?: (error: Error) => void;
  /** Stop at this migration instead of the latest (to test an upgrade from an older schema). */
  schemaUpTo?: string | undefined;
}

/** Opens the database and brings its schema to the latest migration. */
export async function openDatabase(options: OpenOptions): Promise<OpenedDatabase> {
  if (options.url) {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 20 });
    // An idle connection dropped by the server (restart, failover) is replaced on next use; without
    // this listener the pool's error event would end the whole process.
    pool.on('error', (error) => options.onIdleError?.(error));
    prepareStatementsOnEachConnection(pool);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      await migrateSchema(db, options);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    return { db, kind: 'postgresql', pool, close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrateSchema(db, options);
  return {
    db,
    kind: 'pglite',
    pool,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

function migrateSchema(db: Db, options: OpenOptions): Promise<string[]> {
  return options.schemaUpTo === undefined ? migrateToLatest(db as Kysely<unknown>) : migrateTo(db as Kysely<unknown>, options.schemaUpTo);
}
