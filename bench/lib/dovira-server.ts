// The real Dovira server as a child process (`node src/main.ts`), exactly as it is deployed.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { createHttpClient } from './http-load.ts';

export interface DoviraServer {
  baseUrl: string;
  pid: number;
  /** The last lines the server printed (stdout and stderr), for diagnosing failures. */
  outputTail(): string[];
  /** Lines the server logged at warn level or above while running. */
  warnings(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `entry` is the script the server runs: `src/main.ts` as deployed, or the bench's own
 * bench/lib/unhardened-server.ts, the same server without its hardening, to measure what that costs.
 */
export async function startDovira(repoRoot: string, databaseUrl: string, extraEnv: Record<string, string> = {}, entry = 'src/main.ts'): Promise<DoviraServer> {
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS: extra Node flags for the server only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: repoRoot,
    // NODE_ENV cleared: building the workspace (Vite) sets it to production in this process.
    env: { ...process.env, NODE_ENV: '', DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', DOVIRA_MODE: 'demo', DOVIRA_DEMO_DATA: 'true', LOG_LEVEL: 'warn', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  let warnings = 0;
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      if (/"level":[456]0/.test(line)) warnings++;
      tail.push(line);
      if (tail.length > 40) tail.shift();
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });

  const server: DoviraServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    outputTail: () => [...tail],
    warnings: () => warnings,
    stop: () => stopChild(child, exit, () => exited !== undefined),
  };

  const client = createHttpClient(server.baseUrl, 1, 2_000);
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      if (exited) throw new Error(`the server exited during start-up (code ${exited.code}, signal ${exited.signal}):\n${tail.join('\n')}`);
      if (Date.now() > deadline) throw new Error(`the server did not answer GET /api/v1/health with 200 within 60 s:\n${tail.join('\n')}`);
      const answer = await client.request('GET', '/api/v1/health').catch(() => undefined);
      if (answer?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    client.close();
  }
  return server;
}

async function stopChild(child: ChildProcess, exit: Promise<void>, hasExited: () => boolean): Promise<void> {
  if (hasExited()) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (!hasExited()) child.kill('SIGKILL');
  }, 10_000);
  await exit;
  clearTimeout(timer);
}
