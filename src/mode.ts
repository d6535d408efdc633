// How Dovira runs: a demo to try it out, or production for real citizens' data. Production is a
// posture, not a hope: a start with anything unsafe is refused, each reason on a line of its own.

/**
 * `demo`: the embedded database and demo accounts with published passwords, for trying Dovira out
 * (`npm start`). `production`: PostgreSQL, no demo accounts, TLS everywhere a secret or a citizen's
 * data travels.
 */
export type Mode = 'demo' | 'production';

type Env = Record<string, string | undefined>;

/** Why a start is refused: every reason found, so that one restart fixes them all. */
export class StartRefused extends Error {
  readonly reasons: string[];
  readonly production: boolean;

  constructor(reasons: string[], production = false) {
    super(reasons.join('\n'));
    this.name = 'StartRefused';
    this.reasons = reasons;
    this.production = production;
  }

  /** What the person starting Dovira reads: a heading, then one line per reason. */
  describe(): string {
    const heading = this.production ? 'Dovira не запустилася у виробничому режимі (DOVIRA_MODE=production):' : 'Dovira не запустилася:';
    return [heading, ...this.reasons.map((reason) => `  - ${reason}`)].join('\n');
  }
}

/**
 * The mode asked for. With a real database (DATABASE_URL) nothing is assumed: a deployment that
 * forgot to say which it is must not become a demo with published passwords on real data.
 */
export function modeOf(env: Env): Mode {
  const raw = env.DOVIRA_MODE;
  if (raw === 'production' || raw === 'demo') {
    if (raw === 'demo' && env.NODE_ENV === 'production') {
      throw new StartRefused(['NODE_ENV=production, але DOVIRA_MODE=demo: оберіть одне — DOVIRA_MODE=production для роботи або приберіть NODE_ENV для демонстрації']);
    }
    return raw;
  }
  if (raw !== undefined && raw !== '') throw new StartRefused([`Змінна середовища DOVIRA_MODE="${raw}" має бути production або demo`]);
  if (env.NODE_ENV === 'production') return 'production';
  if (env.DATABASE_URL) {
    throw new StartRefused(['Задано DATABASE_URL, але не DOVIRA_MODE: для роботи з людьми задайте DOVIRA_MODE=production, для випробувань на цьому сервері — DOVIRA_MODE=demo']);
  }
  return 'demo';
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

function protocolOf(url: string): string {
  return new URL(url).protocol;
}

/** The settings production holds itself to (a part of config.ts's Config, which reads them). */
export interface ProductionSettings {
  databaseUrl: string | undefined;
  seedDemo: boolean;
  secureCookies: boolean;
  publicUrl: string;
  smsGatewayUrl: string | undefined;
  smtpUrl: string | undefined;
  ari: { url: string } | undefined;
}

/** What a production start may not run with, read from the settings alone (the database is checked after it opens). */
export function productionRefusals(config: ProductionSettings, env: Env): string[] {
  const reasons: string[] = [];
  if (!config.databaseUrl) {
    reasons.push('DATABASE_URL не задано: у виробничому режимі дані зберігаються лише в PostgreSQL (вбудована база — для демонстрації)');
  }
  if (config.seedDemo) {
    reasons.push('DOVIRA_DEMO_DATA=true: демо-облікові записи з опублікованими паролями у виробничому режимі не створюються — приберіть цю змінну');
  }
  if (!config.secureCookies) {
    reasons.push('DOVIRA_SECURE_COOKIES=false: у виробничому режимі cookie сесії передаються лише через HTTPS — приберіть цю змінну і поставте TLS перед Dovira');
  }
  if (env.DOVIRA_PUBLIC_URL === undefined || env.DOVIRA_PUBLIC_URL === '' || protocolOf(config.publicUrl) !== 'https:') {
    reasons.push('DOVIRA_PUBLIC_URL має бути адресою https://, за якою люди відкривають Dovira (нею починаються посилання в листах), напр. https://dovira.court.gov.ua');
  }
  if (config.smsGatewayUrl && protocolOf(config.smsGatewayUrl) !== 'https:') {
    reasons.push('SMS_GATEWAY_URL починається з http://: номери й тексти заявників та токен шлюзу йшли б відкрито — потрібна адреса https://');
  }
  if (config.smtpUrl && !smtpRequiresTls(config.smtpUrl)) {
    reasons.push('SMTP_URL може перейти на незашифроване з’єднання: використайте smtps://…:465 або додайте ?requireTLS=true до smtp://…:587 (листи містять персональні дані заявників)');
  }
  if (config.ari && protocolOf(config.ari.url) !== 'https:' && !LOOPBACK.has(new URL(config.ari.url).hostname)) {
    reasons.push('ARI_URL починається з http:// на іншій машині: пароль ARI йшов би мережею відкрито — потрібна адреса https:// або Asterisk на цій самій машині');
  }
  return reasons;
}

/** smtps:// is TLS from the first byte; smtp:// only with STARTTLS required (nodemailer's requireTLS). */
export function smtpRequiresTls(smtpUrl: string): boolean {
  const url = new URL(smtpUrl);
  if (url.protocol === 'smtps:') return true;
  const requireTls = url.searchParams.get('requireTLS');
  const ignoreTls = url.searchParams.get('ignoreTLS');
  return requireTls === 'true' && ignoreTls !== 'true';
}
