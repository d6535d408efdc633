// Real SIP phones for the survey and callback tests: baresip processes with generated configs on
// 127.0.0.1 and free high ports, each stopped by its pid. Logs land in test-artifacts/baresip/.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BaresipAddress } from '../../src/config.ts';
import { BaresipClient } from '../../src/telephony/adapters/baresip/client.ts';
import type { BaresipEvent } from '../../src/telephony/adapters/baresip/messages.ts';
import { CALL_AUDIO, writeBaresipFiles, type BaresipSetup } from '../../src/telephony/adapters/baresip/config.ts';
import { writeWav } from '../../src/survey/wav.ts';

const MODULES = '/usr/lib/baresip/modules';
const NEEDED_MODULES = ['g711.so', 'aufile.so', 'aubridge.so', 'account.so', 'menu.so', 'ctrl_tcp.so'];
const LOGS = path.resolve(import.meta.dirname, '../../test-artifacts/baresip');

function hasProgram(program: string, args: string[]): boolean {
  try {
    execFileSync(program, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** baresip has no --version and exits non-zero on -h: it is looked for on the PATH instead. */
function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((folder) => folder !== '' && existsSync(path.join(folder, program)));
}

/**
 * Why the telephony tests cannot run here, or undefined when they can. Outside CI the suite is
 * skipped with this reason; in CI a missing program is a failure, never a quiet skip.
 */
export function telephonyUnavailable(): string | undefined {
  let reason: string | undefined;
  if (!onPath('baresip')) reason = 'немає baresip (apt-get install baresip-core)';
  else if (NEEDED_MODULES.some((module) => !existsSync(path.join(MODULES, module)))) reason = `немає модулів baresip у ${MODULES} (${NEEDED_MODULES.join(', ')})`;
  else if (!hasProgram('espeak-ng', ['--version'])) reason = 'немає espeak-ng (apt-get install espeak-ng)';
  else if (!hasProgram('sox', ['--version'])) reason = 'немає sox (apt-get install sox)';
  if (reason && process.env.CI) throw new Error(`CI=true, але тести телефонії не можуть працювати: ${reason}`);
  return reason;
}

async function tcpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => { socket.close(); resolve(false); });
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
}

/**
 * A high port free for both TCP and UDP on 127.0.0.1 (SIP listens on both), none of `taken`. For
 * baresip's SIP port, `withNext`: baresip also binds SIP over TLS on the port after it.
 */
export async function freePort(options: { withNext?: boolean; taken?: number[] } = {}): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 30000 + Math.floor(Math.random() * 25000);
    if (options.taken?.includes(port)) continue;
    if (await tcpFree(port) && await udpFree(port) && (!options.withNext || await tcpFree(port + 1))) return port;
  }
  throw new Error('no free port');
}

export interface RunningBaresip {
  name: string;
  pid: number;
  sipPort: number;
  ctrl: BaresipAddress;
  /** The SIP URI of its account. */
  uri: string;
  /** What baresip printed so far. */
  log(): string;
  /** A ctrl_tcp client and every event it saw, for phones the test itself drives. */
  client: BaresipClient | null;
  events: BaresipEvent[];
  waitForEvent(match: (event: BaresipEvent) => boolean, timeoutMs: number, what: string): Promise<BaresipEvent>;
  stop(): Promise<void>;
}

export interface PhoneSetup extends Omit<BaresipSetup, 'sipListen' | 'ctrlListen' | 'localAddress' | 'rtpPorts'> {
  /** Connect a ctrl_tcp client for the test (false for a baresip Dovira itself drives). */
  control: boolean;
}

const running = new Set<RunningBaresip>();

async function waitForPort(port: number, child: ChildProcess, log: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`baresip exited (${child.exitCode}): ${readFileSync(log, 'utf8').slice(-2000)}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`baresip did not open ctrl_tcp in ${timeoutMs} ms: ${readFileSync(log, 'utf8').slice(-2000)}`);
}

export async function startBaresip(name: string, setup: PhoneSetup): Promise<RunningBaresip> {
  const sipPort = await freePort({ withNext: true });
  const ctrlPort = await freePort({ taken: [sipPort, sipPort + 1] });
  const folder = mkdtempSync(path.join(tmpdir(), `dovira-baresip-${name}-`));
  const rtpBase = 20000 + Math.floor(Math.random() * 40000);
  writeBaresipFiles(folder, {
    ...setup,
    sipListen: `127.0.0.1:${sipPort}`,
    ctrlListen: `127.0.0.1:${ctrlPort}`,
    localAddress: '127.0.0.1',
    rtpPorts: [rtpBase, rtpBase + 400],
  });
  mkdirSync(LOGS, { recursive: true });
  const log = path.join(LOGS, `${name}-${sipPort}.log`);
  const logFd = openSync(log, 'w');
  const child = spawn('baresip', ['-f', folder], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const pid = child.pid!;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let client: BaresipClient | null = null;
  const events: BaresipEvent[] = [];
  const waiters = new Set<() => void>();
  const phone: RunningBaresip = {
    name,
    pid,
    sipPort,
    ctrl: { host: '127.0.0.1', port: ctrlPort },
    uri: `sip:${setup.user}@127.0.0.1:${sipPort}`,
    log: () => readFileSync(log, 'utf8'),
    get client() { return client; },
    events,
    waitForEvent(match, timeoutMs, what) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(onEvent);
          resolve(found);
          return true;
        };
        const onEvent = () => { check(); };
        const timer = setTimeout(() => {
          waiters.delete(onEvent);
          reject(new Error(`${name}: no ${what} within ${timeoutMs} ms; saw ${events.map((e) => `${e.type}(${e.param ?? ''})`).join(', ')}`));
        }, timeoutMs);
        if (!check()) waiters.add(onEvent);
      });
    },
    async stop() {
      running.delete(phone);
      await client?.close();
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000))]);
        if (!killed) {
          process.kill(pid, 'SIGKILL');
          await exited;
        }
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
  running.add(phone);
  try {
    await waitForPort(ctrlPort, child, log, 10_000);
    if (setup.control) {
      client = new BaresipClient({ address: phone.ctrl, minReconnectMs: 50, maxReconnectMs: 200 });
      client.onEvent((event) => {
        events.push(event);
        for (const waiter of [...waiters]) waiter();
      });
      client.start();
      if (!(await client.waitConnected(5000))) throw new Error(`${name}: ctrl_tcp did not connect`);
    }
  } catch (error) {
    await phone.stop();
    throw error;
  }
  return phone;
}

/** Stops every baresip still running (for after() hooks). */
export async function stopAllBaresip(): Promise<void> {
  await Promise.all([...running].map((phone) => phone.stop()));
}

// Last resort if a test run dies before its after() hooks: no baresip outlives it.
process.once('exit', () => {
  for (const phone of running) {
    try { process.kill(phone.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});

/** A WAV of silence for a caller's phone: baresip sends keypad digits only while its source plays. */
export function silenceWav(folder: string, seconds: number): string {
  const file = path.join(folder, `silence-${seconds}s.wav`);
  const bytes = CALL_AUDIO.sampleRate * CALL_AUDIO.channels * (CALL_AUDIO.bitsPerSample / 8) * seconds;
  writeWav(file, { ...CALL_AUDIO, data: Buffer.alloc(bytes) });
  return file;
}

/**
 * Waits until the survey endpoint has begun its prompt on `phone`'s call: in the survey baresip's log,
 * a sound loaded after «Call established» with that phone. A key pressed before that would reach a
 * survey not yet listening.
 */
export async function surveyPromptStarted(survey: RunningBaresip, phone: RunningBaresip, timeoutMs = 15_000): Promise<void> {
  await eventually(async () => {
    const log = survey.log();
    const established = log.lastIndexOf(`Call established: ${phone.uri}`);
    return established >= 0 && log.includes('aufile: loading input file', established) ? true : undefined;
  }, timeoutMs, `the survey starting its prompt for ${phone.uri}`);
}

/** Polls until `probe` gives a value (not undefined) or the time runs out. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
