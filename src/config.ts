// Every setting Dovira reads from the environment, in one place. The README's table lists the same.
export interface Config {
  host: string;
  port: number;
  /** PostgreSQL connection string; unset means the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Seed demo users and data on the first start of an empty database. */
  seedDemo: boolean;
  /** Set the Secure flag on cookies; on by default in production, where TLS is in front. */
  secureCookies: boolean;
  sessionHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  bodyLimitBytes: number;
  logLevel: string;
  /** Trust X-Forwarded-For from a reverse proxy, so the audit trail records the client's address. */
  trustProxy: boolean;
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

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  return {
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DOVIRA_DATA_DIR || './data',
    seedDemo: flag(env, 'DOVIRA_DEMO_DATA', !production),
    secureCookies: flag(env, 'DOVIRA_SECURE_COOKIES', production),
    sessionHours: integer(env, 'DOVIRA_SESSION_HOURS', 12, 1, 24 * 30),
    loginMaxFailures: integer(env, 'DOVIRA_LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: integer(env, 'DOVIRA_LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    bodyLimitBytes: integer(env, 'DOVIRA_BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: flag(env, 'DOVIRA_TRUST_PROXY', false),
  };
}
