// `npm start`: opens the database (embedded PGlite under ./data unless DATABASE_URL is set), brings
// its schema up to date, seeds the demo accounts once, and serves the API.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildApp, type BuildOptions } from './app.ts';
import { keepSessionsWhileWatching } from './auth/principal.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { DEMO_LOGINS, demoLoginsStillOpen, seedDemoData } from './demo/seed.ts';
import { StartRefused } from './mode.ts';
import { seedNationalBodies } from './courts/seed.ts';
import { seedKnowledgeArticles } from './knowledge/seed.ts';
import { loggerOptions } from './http/logging.ts';
import { startBackgroundWork } from './jobs/background.ts';
import { startSurveyService } from './telephony/adapters/baresip/survey-service.ts';
import { LocalLiveBus, PostgresLiveBus } from './live/bus.ts';
import { describeKamailio, kamailioCallControl, startKamailioEvents } from './telephony/adapters/kamailio/start.ts';
import { asteriskCallControl, describeAsterisk, startAsteriskEvents } from './telephony/adapters/asterisk/start.ts';
import { EventIngestQueue } from './telephony/ingest.ts';
import { baresipDialler } from './telephony/adapters/baresip/dialler.ts';
import { ExchangeLinks } from './metrics/metrics.ts';

/** Only the start that creates the embedded database (PGlite writes PG_VERSION first) takes long. */
function embeddedDatabaseNote(dataDir: string): string {
  return existsSync(path.join(dataDir, 'PG_VERSION'))
    ? `Dovira: вбудована база даних у ${dataDir}…`
    : `Dovira: створюється вбудована база даних у ${dataDir} (перший запуск триває кілька секунд)…`;
}

async function main(options: Pick<BuildOptions, 'hardening'>): Promise<void> {
  const config = loadConfig();
  const logger = loggerOptions(config.logLevel);
  const dataDir = config.databaseUrl ? undefined : path.resolve(config.dataDir, 'pglite');
  console.log(config.databaseUrl ? 'Dovira: підключення до PostgreSQL…' : embeddedDatabaseNote(dataDir!));
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir,
    onIdleError: (error) => console.error(`Dovira: з’єднання з базою даних перервано (${error.message}); буде відновлено`),
  });
  // The national bodies by name: facts, safe in production, each inserted once.
  await seedNationalBodies(database.db);
  // The knowledge base's articles from public facts (H2), each added once; edits are kept.
  await seedKnowledgeArticles(database.db);
  const seeded = config.seedDemo ? await seedDemoData(database.db) : false;
  if (config.mode === 'production') {
    const open = await demoLoginsStillOpen(database.db);
    if (open.length > 0) {
      await database.close();
      throw new StartRefused(open.map((login) => `Обліковий запис «${login}» відкривається опублікованим демо-паролем: змініть йому пароль або вимкніть його (npm run create-admin створює адміністратора без демо-даних)`), true);
    }
  }
  let live: LocalLiveBus | PostgresLiveBus = new LocalLiveBus();
  if (config.databaseUrl) {
    live = await PostgresLiveBus.connect(config.databaseUrl, (error) => console.error(`Dovira: канал живих оновлень: ${error.message}`));
    // Sessions are kept in memory while the same connection hears of every logout and role change.
    keepSessionsWhileWatching(database.db, live);
  }
  // One ingest of the exchange's events per process: the event API, Zammad, kamailio and Asterisk share its rounds.
  const eventQueue = new EventIngestQueue(database.db, live);
  const exchanges = new ExchangeLinks();
  // The one place that picks the exchange's implementations: hanging up through kamailio or Asterisk,
  // dialling callbacks (H3) on baresip, when DOVIRA_DIALLER_BARESIP names the dialler's baresips.
  const callbackDialler = baresipDialler(database.db, config);
  const app = await buildApp({
    db: database.db, config, logger, live, eventQueue, callControl: kamailioCallControl(config) ?? asteriskCallControl(config), callbackDialler,
    metrics: { pool: database.pool, exchanges }, hardening: options.hardening,
  });
  const address = await app.listen({ host: config.host, port: config.port });
  // The outbox's e-mails, the forwarding check and the live reminders (src/jobs/background.ts).
  const background = startBackgroundWork({ db: database.db, config, live, log: app.log });
  // Q1: the post-call keypad survey on baresip, when DOVIRA_SURVEY_BARESIP names its endpoints.
  const survey = await startSurveyService({ db: database.db, config, now: () => new Date(), log: app.log.child({ module: 'survey' }) });

  // The exchange's call events over kamailio's evapi, when KAMAILIO_EVAPI_ADDRESS names it.
  const kamailio = await startKamailioEvents({ db: database.db, config, live, queue: eventQueue, log: app.log.child({ module: 'kamailio' }) });
  // Asterisk's ARI events (and hanging calls up), when ARI_URL names it.
  const asterisk = await startAsteriskEvents({ db: database.db, config, live, queue: eventQueue, log: app.log.child({ module: 'asterisk' }) });
  if (kamailio) exchanges.watch('kamailio', () => kamailio.connected);
  if (asterisk) exchanges.watch('asterisk', () => asterisk.stream.connected);

  const lines = [
    '',
    `Dovira працює: ${address}`,
    `  Відкрийте у браузері: ${address}/`,
    `  API:          ${address}/api/v1`,
    `  Документація: ${address}/api/docs`,
    `  Режим:        ${config.mode === 'production' ? 'виробничий (DOVIRA_MODE=production)' : 'демонстраційний: не для справжніх даних громадян (DOVIRA_MODE=production для роботи)'}`,
    `  База даних:   ${database.kind === 'pglite' ? `вбудована (PGlite), ${dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
    `  Пошта:        ${config.smtpUrl ? `листи керівникам надсилаються від ${config.mailFrom}` : 'SMTP_URL не задано, листи керівникам чекають у черзі'}`,
    `  SMS:          ${config.smsGatewayUrl ? 'заявників повідомляють через SMS-шлюз (SMS_GATEWAY_URL)' : 'SMS_GATEWAY_URL не задано, SMS вимкнено'}`,
    `  Опитування:   ${survey ? `після дзвінка, baresip: ${config.surveyBaresip.map((a) => `${a.host}:${a.port}`).join(', ')}` : 'DOVIRA_SURVEY_BARESIP не задано, телефонне опитування вимкнено'}`,
    `  Набір (H3):   ${config.diallerBaresip.length > 0 ? `через baresip: ${config.diallerBaresip.map((a) => `${a.host}:${a.port}`).join(', ')}` : 'DOVIRA_DIALLER_BARESIP не задано, зворотні дзвінки набирають вручну'}`,
    `  АТС kamailio: ${describeKamailio(config)}`,
    `  АТС Asterisk: ${describeAsterisk(config)}`,
  ];
  if (!(await database.db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).limit(1).executeTakeFirst())) {
    lines.push('  Адміністратора ще немає: створіть його командою npm run create-admin -- ЛОГІН "Повне ім’я" (з тими самими DATABASE_URL)');
  }
  if (config.seedDemo) {
    lines.push(seeded ? '  Демо-дані створено. Вхід:' : '  Демо-облікові записи (якщо їх не змінювали):');
    for (const demo of DEMO_LOGINS) lines.push(`    ${demo.login.padEnd(11)} пароль ${demo.password.padEnd(17)} ${demo.who}`);
  }
  lines.push('Зупинити: Ctrl+C', '');
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Dovira: зупинка (${signal})…`);
    await background.stop();
    await kamailio?.stop();
    await asterisk?.stop();
    await survey?.stop();
    await callbackDialler?.close();
    await app.close();
    await live.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Starts Dovira as `npm start` does; a refusal to start is printed in Ukrainian and ends the process. */
export async function runDovira(options: Pick<BuildOptions, 'hardening'> = {}): Promise<void> {
  await main(options).catch((error: unknown) => {
    if (error instanceof StartRefused) {
      console.error(error.describe());
    } else {
      console.error(`Dovira не запустилася: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  });
}

if (import.meta.main) await runDovira();
