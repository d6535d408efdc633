// Real SIP for the tests: kamailio with the reference configuration (telephony/kamailio/) on
// 127.0.0.1 and free high ports, and sipp playing the citizen's phone and the operator's phone.
// Every process is started here and stopped here by its pid; every sipp run has a deadline.
// Three loopback addresses stand for three networks: Dovira's (127.0.0.1: the event stream,
// JSON-RPC, the dialler), the phones' (127.0.0.3) and the trunk's (127.0.0.2: citizens).
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../..');
export const KAMAILIO_CFG = path.join(REPO, 'telephony/kamailio/kamailio.cfg');
const OUTBOX_TEMPLATE = path.join(REPO, 'telephony/kamailio/db');
const SCENARIOS = path.join(import.meta.dirname, 'scenarios');
const KAMAILIO = process.env.KAMAILIO_PATH || '/usr/sbin/kamailio';
const SIPP = process.env.SIPP_PATH || '/usr/bin/sipp';
const MODULE_DIRS = ['/usr/lib/x86_64-linux-gnu/kamailio/modules', '/usr/lib/aarch64-linux-gnu/kamailio/modules', '/usr/lib/kamailio/modules', '/usr/lib64/kamailio/modules'];
const NEEDED_MODULES = ['evapi.so', 'jansson.so', 'jsonrpcs.so', 'xhttp.so', 'htable.so', 'dialog.so', 'rtimer.so', 'db_text.so', 'auth.so'];

/** Where Dovira (and its dialler) reach kamailio from: kamailio's DOVIRA_NETS. */
export const DOVIRA_IP = '127.0.0.1';
/** The trunk: citizens' calls come from here, and operators' calls out go here. */
export const TRUNK_IP = '127.0.0.2';
/** The operators' phones. */
export const PHONES_IP = '127.0.0.3';
/** The digest realm of the tests' kamailio, not the default: Dovira must be told the same (sipRealm). */
export const SIP_REALM = 'dovira.test';

/**
 * Why the SIP tests cannot run here, or undefined when they can. Outside CI the suite is skipped
 * with this reason; in CI a missing kamailio or sipp is a failure, never a quiet skip.
 */
export function sipUnavailable(): string | undefined {
  let reason: string | undefined;
  if (!existsSync(KAMAILIO)) reason = `немає kamailio (${KAMAILIO}): apt-get install kamailio kamailio-extra-modules kamailio-json-modules kamailio-utils-modules`;
  else if (!existsSync(SIPP)) reason = `немає sipp (${SIPP}): apt-get install sip-tester`;
  else {
    const modules = MODULE_DIRS.find((dir) => existsSync(dir)) ?? MODULE_DIRS[0]!;
    const missing = NEEDED_MODULES.filter((module) => !existsSync(path.join(modules, module)));
    if (missing.length > 0) reason = `бракує модулів kamailio (${missing.join(', ')}): apt-get install kamailio-extra-modules kamailio-json-modules kamailio-utils-modules`;
  }
  if (reason && process.env.CI) throw new Error(`CI=true, але SIP-тести не можуть працювати: ${reason}`);
  return reason;
}

/** Ports this process has handed out: free when asked, but possibly not yet bound by whoever asked. */
const handedOut = new Set<number>();

/**
 * A port free for TCP on 127.0.0.1 and for UDP on every address the tests bind (SIP, sipp's control
 * port, evapi, JSON-RPC), never one handed out before: a sipp's SIP port and its control port are
 * asked for one after the other, before sipp binds either, and the system may offer the same free
 * port twice; a phone also holds its UDP port on PHONES_IP only, where 127.0.0.1 does not see it.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const server = net.createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
    });
    let udpFree = true;
    for (const ip of ['127.0.0.1', TRUNK_IP, PHONES_IP]) udpFree &&= !(await udpInUse(port, ip));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (udpFree && port >= 10_000 && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port found');
}

async function udpInUse(port: number, ip: string): Promise<boolean> {
  const probe = dgram.createSocket('udp4');
  const inUse = await new Promise<boolean>((resolve) => {
    probe.once('error', () => resolve(true));
    probe.bind(port, ip, () => resolve(false));
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return inUse;
}

async function tcpInUse(port: number): Promise<boolean> {
  const probe = net.createServer();
  const inUse = await new Promise<boolean>((resolve) => {
    probe.once('error', () => resolve(true));
    probe.listen(port, '127.0.0.1', () => resolve(false));
  });
  if (!inUse) await new Promise<void>((resolve) => probe.close(() => resolve()));
  return inUse;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** sipp runs that did not end well: kamailio's log is then kept. */
let failures = 0;

/** Every process these tests started and have not yet seen exit. */
const running = new Set<ChildProcess>();

function stopProcess(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const killGroup = setTimeout(() => {
      // Still there: the process and whatever it forked (its own process group, by its pid).
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone meanwhile */ }
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(killGroup);
      resolve();
    });
    try { process.kill(child.pid!, 'SIGTERM'); } catch { resolve(); }
  });
}

/** Stops every process still running (an after() hook calls it, whatever failed before). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => stopProcess(child, 3000)));
}

function start(command: string, args: string[], cwd: string, logFile: string): ChildProcess {
  const log = openSync(logFile, 'a');
  // detached: a process group of its own, so kamailio's children can be stopped with it.
  const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export interface Kamailio {
  sipPort: number;
  /** The trunk (TRUNK_URI, on TRUNK_IP) operators' calls to outside numbers go to: where outsidePhone listens. */
  trunkPort: number;
  /** The survey endpoint (SURVEY_URI, sip:survey@DOVIRA_IP) calls to extension 9000 go to. */
  surveyPort: number;
  rpcUrl: string;
  evapiPort: number;
  dir: string;
  pid(): number;
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  /** Stops (SIGTERM, as a service manager would) and starts again on the same ports and outbox. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startKamailio(): Promise<Kamailio> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dovira-kamailio-'));
  const outbox = path.join(dir, 'outbox');
  mkdirSync(outbox);
  for (const file of readdirSync(OUTBOX_TEMPLATE)) copyFileSync(path.join(OUTBOX_TEMPLATE, file), path.join(outbox, file));
  const [sipPort, rpcPort, evapiPort, trunkPort, surveyPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const args = [
    '-f', KAMAILIO_CFG, '-DD', '-E', '-Y', dir, '-m', '64', '-M', '8', '-n', '2',
    '-A', `SIP_LISTEN=udp:127.0.0.1:${sipPort}`,
    '-A', `RPC_LISTEN=tcp:127.0.0.1:${rpcPort}`,
    '-A', `RPC_PORT=${rpcPort}`,
    '-A', `EVAPI_BIND="127.0.0.1:${evapiPort}"`,
    '-A', `OUTBOX_DB="text://${outbox}"`,
    '-A', `TRUNK_URI="sip:${TRUNK_IP}:${trunkPort}"`,
    '-A', `SURVEY_URI="sip:survey@${DOVIRA_IP}:${surveyPort}"`,
    '-A', `DOVIRA_NETS="${DOVIRA_IP}/32"`,
    '-A', `SIP_REALM="${SIP_REALM}"`,
  ];
  const rpcUrl = `http://127.0.0.1:${rpcPort}/RPC`;
  let child: ChildProcess;
  let id = 0;

  async function rpc(method: string, params: unknown[] = []): Promise<unknown> {
    const response = await fetch(rpcUrl, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', method, params, id: ++id }), signal: AbortSignal.timeout(3000) });
    const body = await response.json() as { result?: unknown; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result;
  }

  async function launch(): Promise<void> {
    child = start(KAMAILIO, args, dir, path.join(dir, 'kamailio.log'));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`kamailio exited (${child.exitCode}); see ${path.join(dir, 'kamailio.log')}`);
      try {
        await rpc('core.version');
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`kamailio did not answer JSON-RPC in 15 s; see ${path.join(dir, 'kamailio.log')}`);
        await sleep(100);
      }
    }
  }

  await launch();
  return {
    sipPort,
    trunkPort,
    surveyPort,
    rpcUrl,
    evapiPort,
    dir,
    pid: () => child.pid!,
    rpc,
    async restart() {
      await stopProcess(child, 5000);
      // The SIP, JSON-RPC and evapi sockets are released with the last of its processes.
      await eventually('kamailio’s ports free again after its stop', async () =>
        !(await udpInUse(sipPort, '127.0.0.1')) && !(await tcpInUse(rpcPort)) && !(await tcpInUse(evapiPort)));
      await launch();
    },
    async stop() {
      await stopProcess(child, 5000);
      // Its log stays for a look when a scenario failed.
      if (failures === 0 && !process.env.KEEP_SIP_LOGS) rmSync(dir, { recursive: true, force: true });
      else console.error(`kamailio's log and outbox are in ${dir}`);
    },
  };
}

export interface SippRun {
  /** Resolves with sipp's exit code (0: the scenario ran to its end). */
  done: Promise<number>;
  stop(): Promise<void>;
}

/** An extension and its phone's SIP password (as Dovira's admin set it). */
export interface PhoneAccount {
  extension: string;
  password: string;
}

/** Runs one sipp scenario once (-m 1) against kamailio, killed at the deadline. */
export async function sipp(kamailio: Kamailio, scenario: string, options: {
  extension: string;
  /** Which network it is on (PHONES_IP unless said otherwise). */
  ip?: string;
  localPort?: number;
  /** The username and password it answers kamailio's challenges with (-au, -ap). */
  auth?: { username: string; password: string };
  keys?: Record<string, string | number>;
  /** -d: how long the scenario's <pause/> lasts (talk, hold), in ms. */
  pauseMs?: number;
  deadlineMs?: number;
}): Promise<SippRun> {
  const localPort = options.localPort ?? await freePort();
  const controlPort = await freePort();
  const deadlineMs = options.deadlineMs ?? 30_000;
  const dir = mkdtempSync(path.join(tmpdir(), 'dovira-sipp-'));
  const ip = options.ip ?? PHONES_IP;
  const args = [
    '-sf', path.join(SCENARIOS, scenario), '-i', ip, '-p', String(localPort), '-cp', String(controlPort),
    '-s', options.extension, '-m', '1', '-nostdin', '-timeout', `${Math.ceil(deadlineMs / 1000)}s`, '-timeout_error',
    '-trace_err', '-d', String(options.pauseMs ?? 500),
  ];
  if (options.auth) args.push('-au', options.auth.username, '-ap', options.auth.password);
  for (const [key, value] of Object.entries(options.keys ?? {})) args.push('-key', key, String(value));
  args.push(`127.0.0.1:${kamailio.sipPort}`);
  const child = start(SIPP, args, dir, path.join(dir, 'sipp.log'));
  const done = new Promise<number>((resolve) => {
    const deadline = setTimeout(() => { void stopProcess(child, 500); }, deadlineMs + 5000);
    child.once('exit', (code, signal) => {
      clearTimeout(deadline);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
  // A scenario that waits for a request must be listening before anyone calls it.
  const listening = Date.now() + 15_000;
  while (!(await udpInUse(localPort, ip)) && child.exitCode === null) {
    if (Date.now() > listening) {
      await stopProcess(child, 500);
      throw new Error(`sipp ${scenario} did not listen on ${ip}:${localPort} within 15 s; its log is in ${dir}`);
    }
    await sleep(20);
  }
  return {
    done: done.then((code) => {
      if (code === 0) rmSync(dir, { recursive: true, force: true });
      else {
        failures++;
        console.error(`sipp ${scenario} exited ${code}; its log and errors are in ${dir}`);
      }
      return code;
    }),
    stop: () => stopProcess(child, 500),
  };
}

/** Registers the phone's extension to `contactPort` with its password; the sipp exit code (0: registered). */
export async function register(kamailio: Kamailio, account: PhoneAccount, contactPort: number, scenario = 'register.xml'): Promise<number> {
  const run = await sipp(kamailio, scenario, {
    extension: account.extension, auth: { username: account.extension, password: account.password }, keys: { contact_port: contactPort }, deadlineMs: 5000,
  });
  return run.done;
}

/** The operator's phone: its scenario listening, and its extension registered to it with its password. */
export async function operatorPhone(kamailio: Kamailio, account: PhoneAccount, scenario: string, options: { pauseMs?: number; keys?: Record<string, string | number> } = {}): Promise<SippRun> {
  const port = await freePort();
  const phone = await sipp(kamailio, scenario, { extension: account.extension, localPort: port, ...options });
  const code = await register(kamailio, account, port);
  if (code !== 0) {
    await phone.stop();
    throw new Error(`REGISTER of ${account.extension} failed (sipp exit ${code})`);
  }
  return phone;
}

/** A citizen calling the extension from 0501234567, through the trunk. */
export function citizenCalls(kamailio: Kamailio, extension: string, scenario: string, options: { pauseMs?: number; keys?: Record<string, string | number> } = {}): Promise<SippRun> {
  return sipp(kamailio, scenario, { extension, ip: TRUNK_IP, ...options, keys: { caller: '0501234567', ...options.keys } });
}

/** The citizen's phone behind the trunk: answers whatever number an operator dials out. */
export function outsidePhone(kamailio: Kamailio, number: string, scenario: string, options: { pauseMs?: number } = {}): Promise<SippRun> {
  return sipp(kamailio, scenario, { extension: number, ip: TRUNK_IP, localPort: kamailio.trunkPort, ...options });
}

/** The operator's phone at the account's extension, registered, dialling `number` (an outbound call) with its password. */
export async function operatorDials(kamailio: Kamailio, account: PhoneAccount, number: string, scenario: string, options: { pauseMs?: number } = {}): Promise<SippRun> {
  const port = await freePort();
  const code = await register(kamailio, account, port);
  if (code !== 0) throw new Error(`REGISTER of ${account.extension} failed (sipp exit ${code})`);
  return sipp(kamailio, scenario, {
    extension: number, localPort: port, keys: { caller: account.extension }, auth: { username: account.extension, password: account.password }, ...options,
  });
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
