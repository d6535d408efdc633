import { isIP } from 'node:net';
import path from 'node:path';
import { HOLD_LIMIT_SECONDS } from './standard/index.ts';
import { modeOf, productionRefusals, StartRefused, type Mode } from './mode.ts';

// Every setting Dovira reads from the environment, in one place. The README's table lists the same.
export interface Config {
  /** A demo to try Dovira out, or production (refused at start when anything is unsafe): see src/mode.ts. */
  mode: Mode;
  host: string;
  port: number;
  /** PostgreSQL connection string; unset means the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Seed demo users and data on the first start of an empty database (demo mode only). */
  seedDemo: boolean;
  /** Set the Secure flag on cookies; always on in production, where TLS is in front. */
  secureCookies: boolean;
  sessionHours: number;
  loginMaxFailures: number;
  /** Longest login back-off (an admin can lift it sooner). */
  loginLockMinutes: number;
  /** Failed logins from one client address within an hour before that address is backed off. */
  loginAddressMaxFailures: number;
  bodyLimitBytes: number;
  /** Live channels (WebSocket) one user may hold open at once: a screen needs one, each browser tab one more. */
  liveConnectionsPerUser: number;
  logLevel: string;
  /**
   * The reverse proxies whose X-Forwarded-For is believed (addresses, CIDR subnets, or `loopback`,
   * `linklocal`, `uniquelocal`); empty: the header is ignored and the connection's address is the client's.
   */
  trustedProxies: string[];
  /** Outgoing mail server, e.g. smtp://user:pass@host:587; unset means e-mail is not sent (it waits). */
  smtpUrl: string | undefined;
  /** The From of every e-mail Dovira sends. */
  mailFrom: string;
  /** Where people reach Dovira: the base of links in e-mails, without a trailing slash. */
  publicUrl: string;
  /** How often the notification dispatcher looks for work, in milliseconds. */
  notifyPollMs: number;
  /** The HTTP SMS gateway that tells applicants of forwarding (A3); unset means SMS is off. */
  smsGatewayUrl: string | undefined;
  /** The bearer token the gateway expects. */
  smsGatewayToken: string | undefined;
  /** H5: the hold limit the clocks and alerts use; the Standard's 180 s unless shortened for a demo or a test. */
  holdLimitSeconds: number;
  /** Asterisk's ARI (http://host:8088, ari.conf user, Stasis application); unset: Dovira does not connect to Asterisk. */
  ari: { url: string; username: string; password: string; app: string } | undefined;
  /** Q1: ctrl_tcp addresses of the survey baresips (one survey at a time each); empty: the phone survey is off. */
  surveyBaresip: BaresipAddress[];
  /** Recorded WAVs replacing the generated prompt and thanks (16-bit PCM, 8000 Hz, mono). */
  surveyPromptWav: string | undefined;
  surveyThanksWav: string | undefined;
  /** Q1: how long after the prompt a key is awaited before the prompt is repeated (or the survey ends). */
  surveyKeyTimeoutSeconds: number;
  /** H3: ctrl_tcp addresses of the dialler baresips (one callback at a time each); empty: dialling is off. */
  diallerBaresip: BaresipAddress[];
  /** H3: the SIP URI dialled for a citizen; {number} becomes the number's digits (380501234567). */
  diallerCitizenUri: string;
  /** H3: the SIP URI of an operator's extension the citizen is transferred to; {extension} becomes it. */
  diallerOperatorUri: string;
  /** H3: how long the citizen's phone rings before the attempt counts as not answered. */
  diallerRingSeconds: number;
  /** kamailio's evapi event stream (host and port); unset: Dovira does not connect to kamailio. */
  kamailioEvapi: { host: string; port: number } | undefined;
  /** kamailio's JSON-RPC over HTTP, e.g. http://127.0.0.1:5071/RPC; unset: calls are not ended on the exchange. */
  kamailioJsonrpcUrl: string | undefined;
  /** The digest realm of the phones' SIP passwords (HA1 = md5(extension:realm:password)); kamailio's SIP_REALM must be the same. */
  sipRealm: string;
  /** The bearer token Prometheus sends to GET /metrics; unset: the endpoint answers 404. */
  metricsToken: string | undefined;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Змінна середовища ${name}="${raw}" має бути цілим числом від ${min} до ${max}`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`Змінна середовища ${name}="${raw}" має бути true або false`);
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
  if (!parsed || !protocols.includes(parsed.protocol)) {
    // The value itself is not repeated: an SMTP address may carry a password.
    throw new Error(`Змінна середовища ${name} має бути адресою, що починається з ${protocols.map((p) => `${p}//`).join(' або ')}`);
  }
  return raw;
}

// «Name <box@domain>» or a bare «box@domain».
const MAIL_ADDRESS = /^(?:[^<>]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/;

function mailAddress(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!MAIL_ADDRESS.test(raw.trim())) throw new Error(`Змінна середовища ${name}="${raw}" має бути адресою, напр. Dovira <no-reply@example.org>`);
  return raw.trim();
}

/** Where a baresip's ctrl_tcp listens (DOVIRA_SURVEY_BARESIP, DOVIRA_DIALLER_BARESIP). */
export interface BaresipAddress {
  host: string;
  port: number;
}

/** Parses "host:port" (or "[v6]:port"), as the configuration gives it. */
export function parseBaresipAddress(text: string): BaresipAddress | null {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text.trim());
  if (!match) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return null;
  return { host: (match[1] ?? match[2])!, port };
}

function baresipAddresses(env: Env, name: string): BaresipAddress[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((part) => {
    const address = parseBaresipAddress(part);
    if (!address) throw new Error(`Змінна середовища ${name}="${raw}" має бути списком адрес ctrl_tcp через кому, напр. 127.0.0.1:4444,127.0.0.1:4445`);
    return address;
  });
}

function sipTemplate(env: Env, name: string, placeholder: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^sips?:\S+$/.test(raw) || !raw.includes(placeholder)) {
    throw new Error(`Змінна середовища ${name}="${raw}" має бути SIP-адресою з ${placeholder}, напр. sip:${placeholder}@pbx.example:5060`);
  }
  return raw;
}

function sipRealm(env: Env): string {
  const raw = env.DOVIRA_SIP_REALM;
  if (raw === undefined || raw === '') return 'dovira';
  if (!/^[A-Za-z0-9.-]{1,100}$/.test(raw)) {
    throw new Error(`Змінна середовища DOVIRA_SIP_REALM="${raw}" має бути назвою області автентифікації SIP: латинські літери, цифри, крапка та дефіс, напр. sip.court.gov.ua`);
  }
  return raw;
}

function hostAndPort(env: Env, name: string): { host: string; port: number } | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw.trim());
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) throw new Error(`Змінна середовища ${name}="${raw}" має бути адресою вузол:порт, напр. 127.0.0.1:8448`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** The trusted reverse proxies: each an IP address, a CIDR subnet or one of Fastify's names. */
function trustedProxies(env: Env): string[] {
  const old = env.DOVIRA_TRUST_PROXY;
  if (old !== undefined && old !== '' && !['0', 'false', 'no', 'off'].includes(old.toLowerCase())) {
    throw new Error('Змінну середовища DOVIRA_TRUST_PROXY замінено на DOVIRA_TRUSTED_PROXIES: приберіть її й перелічіть адреси своїх проксі через кому, напр. DOVIRA_TRUSTED_PROXIES=10.0.0.5,10.0.1.0/24');
  }
  const raw = env.DOVIRA_TRUSTED_PROXIES;
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((part) => {
    const item = part.trim();
    const [address = '', prefix, ...rest] = item.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= bits);
    if (PROXY_NAMES.includes(item)) return item;
    if (family === 0 || !prefixOk || rest.length > 0) {
      throw new Error(`Змінна середовища DOVIRA_TRUSTED_PROXIES: «${item}» не є IP-адресою чи підмережею проксі; очікується список через кому, напр. 10.0.0.5,10.0.1.0/24 (підмережа /0, тобто будь-хто, не приймається)`);
    }
    return item;
  });
}

/** Asterisk's ARI: the address with the ari.conf user and password, or nothing at all. */
function ariSettings(env: Env): Config['ari'] {
  const address = url(env, 'ARI_URL', ['http:', 'https:']);
  if (address === undefined) return undefined;
  const username = env.ARI_USERNAME ?? '';
  const password = env.ARI_PASSWORD ?? '';
  if (username === '' || password === '') {
    throw new Error('Змінна середовища ARI_URL задана: задайте також ARI_USERNAME і ARI_PASSWORD (користувач з ari.conf)');
  }
  const app = env.ARI_APP || 'dovira';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(app)) {
    throw new Error(`Змінна середовища ARI_APP="${app}" має бути назвою застосунку Stasis: латинські літери, цифри, _ та -`);
  }
  return { url: address, username, password, app };
}

/** A secret another program presents; long enough not to be guessed, and never repeated in an error. */
function secretToken(env: Env, name: string, minLength: number): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < minLength || /\s/.test(raw)) {
    throw new Error(`Змінна середовища ${name} має містити щонайменше ${minLength} символів без пробілів (згенеруйте: openssl rand -hex 32)`);
  }
  return raw;
}

/** Where the database is, and nothing else: for the command-line tools, which need no other setting. */
export function databaseSettings(env: Env = process.env): Pick<Config, 'databaseUrl' | 'dataDir'> & { pgliteDir: string | undefined } {
  const databaseUrl = env.DATABASE_URL || undefined;
  const dataDir = env.DOVIRA_DATA_DIR || './data';
  return { databaseUrl, dataDir, pgliteDir: databaseUrl ? undefined : path.resolve(dataDir, 'pglite') };
}

export function loadConfig(env: Env = process.env): Config {
  const mode = modeOf(env);
  const production = mode === 'production';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const config: Config = {
    mode,
    host: env.HOST || '127.0.0.1',
    port,
    databaseUrl: databaseSettings(env).databaseUrl,
    dataDir: databaseSettings(env).dataDir,
    seedDemo: flag(env, 'DOVIRA_DEMO_DATA', !production),
    secureCookies: flag(env, 'DOVIRA_SECURE_COOKIES', production),
    sessionHours: integer(env, 'DOVIRA_SESSION_HOURS', 12, 1, 24 * 30),
    loginMaxFailures: integer(env, 'DOVIRA_LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: integer(env, 'DOVIRA_LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    loginAddressMaxFailures: integer(env, 'DOVIRA_LOGIN_ADDRESS_MAX_FAILURES', 100, 1, 100_000),
    bodyLimitBytes: integer(env, 'DOVIRA_BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    liveConnectionsPerUser: integer(env, 'DOVIRA_LIVE_CONNECTIONS_PER_USER', 10, 1, 100),
    logLevel: env.LOG_LEVEL || 'info',
    trustedProxies: trustedProxies(env),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: mailAddress(env, 'MAIL_FROM', 'Dovira <no-reply@localhost>'),
    publicUrl: (url(env, 'DOVIRA_PUBLIC_URL', ['http:', 'https:']) ?? `http://127.0.0.1:${port || 3000}`).replace(/(?<!\/)\/+$/, ''),
    notifyPollMs: integer(env, 'DOVIRA_NOTIFY_POLL_MS', 1000, 100, 60_000),
    smsGatewayUrl: url(env, 'SMS_GATEWAY_URL', ['http:', 'https:']),
    smsGatewayToken: env.SMS_GATEWAY_TOKEN || undefined,
    holdLimitSeconds: integer(env, 'DOVIRA_HOLD_LIMIT_SECONDS', HOLD_LIMIT_SECONDS, 5, 3600),
    ari: ariSettings(env),
    surveyBaresip: baresipAddresses(env, 'DOVIRA_SURVEY_BARESIP'),
    surveyPromptWav: env.DOVIRA_SURVEY_PROMPT_WAV || undefined,
    surveyThanksWav: env.DOVIRA_SURVEY_THANKS_WAV || undefined,
    surveyKeyTimeoutSeconds: integer(env, 'DOVIRA_SURVEY_KEY_TIMEOUT_SECONDS', 8, 2, 60),
    diallerBaresip: baresipAddresses(env, 'DOVIRA_DIALLER_BARESIP'),
    diallerCitizenUri: sipTemplate(env, 'DOVIRA_DIALLER_CITIZEN_URI', '{number}', 'sip:{number}@127.0.0.1:5060'),
    diallerOperatorUri: sipTemplate(env, 'DOVIRA_DIALLER_OPERATOR_URI', '{extension}', 'sip:{extension}@127.0.0.1:5060'),
    diallerRingSeconds: integer(env, 'DOVIRA_DIALLER_RING_SECONDS', 30, 5, 120),
    kamailioEvapi: hostAndPort(env, 'KAMAILIO_EVAPI_ADDRESS'),
    kamailioJsonrpcUrl: url(env, 'KAMAILIO_JSONRPC_URL', ['http:', 'https:']),
    sipRealm: sipRealm(env),
    metricsToken: secretToken(env, 'DOVIRA_METRICS_TOKEN', 32),
  };
  if (production) {
    const reasons = productionRefusals(config, env);
    if (reasons.length > 0) throw new StartRefused(reasons, true);
  }
  return config;
}
