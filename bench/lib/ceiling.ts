// The ceiling a write path is compared with: the plainest transaction that writes one row,
// `BEGIN; INSERT one row; COMMIT`, straight through `pg` at the same concurrency on the same server.
import pg from 'pg';
import { withClient } from './postgres.ts';
import { runClosedLoop, type LoadResult, type Phases, type WindowHooks } from './closed-loop.ts';

export const CEILING_TABLE = `CREATE TABLE IF NOT EXISTS bench_ceiling (
  id bigserial PRIMARY KEY,
  surname text NOT NULL,
  given_name text NOT NULL,
  patronymic text NOT NULL,
  residence text NOT NULL,
  essence text NOT NULL,
  kind text NOT NULL,
  phone text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

const INSERT = `INSERT INTO bench_ceiling (surname, given_name, patronymic, residence, essence, kind, phone)
VALUES ($1, $2, $3, $4, $5, $6, $7)`;

export async function prepareCeiling(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, (client) => client.query(CEILING_TABLE));
}

/** Runs the single-row insert transaction at `concurrency` through a pool of as many connections. */
export async function measureCeiling(
  databaseUrl: string,
  concurrency: number,
  phases: Phases,
  row: (seq: number) => unknown[],
  hooks: WindowHooks = {},
): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: concurrency });
  pool.on('error', () => undefined);
  try {
    return await runClosedLoop(concurrency, phases, async (_worker, seq) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(INSERT, row(seq));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      return { ok: true };
    }, hooks);
  } finally {
    await pool.end();
  }
}
