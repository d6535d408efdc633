// The PostgreSQL server a bench runs against: BENCH_DATABASE_URL, or a throw-away one from
// scripts/postgres-temp.sh. Each run works in a database of its own, dropped at the end.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TempServer {
  dir: string;
  url: string;
}

export async function startTempPostgres(repoRoot: string): Promise<TempServer> {
  const script = path.join(repoRoot, 'scripts', 'postgres-temp.sh');
  const { stdout } = await run('bash', [script], { cwd: repoRoot });
  const dir = /^DIR=(.+)$/m.exec(stdout)?.[1];
  const url = /^URL=(.+)$/m.exec(stdout)?.[1];
  if (!dir || !url) throw new Error(`scripts/postgres-temp.sh printed no DIR=/URL=: ${stdout}`);
  return { dir: dir.trim(), url: url.trim() };
}

export async function stopTempPostgres(repoRoot: string, dir: string): Promise<void> {
  await run('bash', [path.join(repoRoot, 'scripts', 'postgres-temp.sh'), 'stop', dir], { cwd: repoRoot });
}

/** A client whose connection may be cut (server stopped, database dropped) without crashing the bench. */
function newClient(url: string): pg.Client {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  return client;
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = newClient(url);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with a random name on the server; returns its name and URL. */
export async function createFreshDatabase(serverUrl: string, prefix: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export interface ServerInfo {
  version: string;
  settings: Record<string, string>;
}

const REPORTED_SETTINGS = ['shared_buffers', 'max_connections', 'synchronous_commit', 'fsync', 'wal_sync_method', 'commit_delay', 'checkpoint_timeout', 'max_wal_size'];

export async function serverInfo(url: string): Promise<ServerInfo> {
  return withClient(url, async (client) => {
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
    const rows = (await client.query<{ name: string; value: string }>(
      'SELECT name, current_setting(name) AS value FROM pg_settings WHERE name = ANY($1) ORDER BY name',
      [REPORTED_SETTINGS],
    )).rows;
    return { version, settings: Object.fromEntries(rows.map((row) => [row.name, row.value])) };
  });
}

/** Flushes dirty pages before a measurement so that no checkpoint of an earlier phase lands in it. Superuser only; skipped otherwise. */
export function checkpoint(url: string): Promise<boolean> {
  return runIfAllowed(url, 'CHECKPOINT');
}

/**
 * Vacuums and analyses the run's database: the rows earlier measurements wrote would otherwise set
 * autovacuum to work during the next one's window, and bill it to that workload. Skipped when refused.
 */
export function vacuum(url: string): Promise<boolean> {
  return runIfAllowed(url, 'VACUUM (ANALYZE)');
}

/** Runs a maintenance statement; false when the server refused it (a user without the right). */
async function runIfAllowed(url: string, statement: string): Promise<boolean> {
  try {
    await withClient(url, (client) => client.query(statement));
    return true;
  } catch {
    return false;
  }
}

export interface WaitProfile {
  samples: number;
  /** Why sampling stopped early, if it did; the figures then cover only the samples taken. */
  error?: string;
  /** Mean number of this database's backends in each state (active and running, waiting on a lock, …) per sample. */
  meanBackends: Record<string, number>;
}

/**
 * Samples pg_stat_activity of one database every `intervalMs`: how many backends were running,
 * waiting on a lock (e.g. on the row of the yearly appeal counter), waiting for the client, and so on.
 */
export function sampleWaits(url: string, database: string, intervalMs = 100): { stop(): Promise<WaitProfile> } {
  const client = newClient(url);
  const totals = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  let error: string | undefined;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const started = performance.now();
      const rows = (await client.query<{ what: string; n: number }>(
        `SELECT CASE
                  WHEN state = 'active' AND wait_event_type IS NULL THEN 'running'
                  WHEN state = 'active' THEN 'waiting: ' || wait_event_type || '/' || wait_event
                  ELSE coalesce(state, 'unknown') END AS what,
                count(*)::int AS n
           FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
          GROUP BY 1`,
        [database],
      )).rows;
      samples++;
      for (const row of rows) totals.set(row.what, (totals.get(row.what) ?? 0) + row.n);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - (performance.now() - started))));
    }
  })().catch((cause: unknown) => {
    error = cause instanceof Error ? cause.message : String(cause);
  });
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end().catch(() => undefined);
      const meanBackends = Object.fromEntries(
        [...totals].sort((a, b) => b[1] - a[1]).map(([what, total]) => [what, Math.round((total / Math.max(1, samples)) * 10) / 10]),
      );
      return error === undefined ? { samples, meanBackends } : { samples, meanBackends, error };
    },
  };
}
