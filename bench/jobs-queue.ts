// The outbox against pg-boss 12 on Dovira's own database handle (PGlite or PostgreSQL): the figures
// behind keeping the outbox (see bench/README.md). Measures pg-boss's schema creation at start; a send
// inside a Kysely transaction (committed, rolled back); N enqueues each in its own transaction and the
// time to drain them; N jobs inserted in one transaction, as a registration batch would.
//   node bench/jobs-queue.ts [N]                                   PGlite in memory
//   JOBS_DATABASE_URL=postgres://…/empty_database node bench/jobs-queue.ts [N]
import { randomUUID } from 'node:crypto';
import { PgBoss, fromKysely } from 'pg-boss';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database.ts';
import { seedDemoData } from '../src/demo/seed.ts';
import { MailDispatcher } from '../src/notifications/dispatcher.ts';
import { enqueue } from '../src/notifications/outbox.ts';
import { recordAudit } from '../src/audit/audit.ts';
import { loadConfig } from '../src/config.ts';

const N = Number(process.argv[2] ?? 500);
const url = process.env['JOBS_DATABASE_URL'];
const ms = (t0: number) => Math.round(performance.now() - t0);

const database = await openDatabase({ url });
const { db } = database;
await seedDemoData(db);
const supervisors = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM users WHERE role = 'supervisor' AND active AND email IS NOT NULL`.execute(db)).rows[0]!.n;
console.log(`${database.kind}, N=${N}, supervisors with e-mail: ${supervisors}`);

// 1. pg-boss's schema, created through Dovira's handle (no pool of its own).
let t0 = performance.now();
// pg-boss's own statements go to the pool (its multi-statement commands need the rows of every
// statement, which Kysely's result drops); a send inside a change goes through that change's trx.
const poolDb = {
  async executeSql(text: string, values?: unknown[]) {
    const result = (await database.pool.query(text, values)) as unknown as { rows?: unknown[] } | { rows?: unknown[] }[];
    return { rows: Array.isArray(result) ? result.flatMap((r) => r.rows ?? []) : (result.rows ?? []) };
  },
};
const boss = new PgBoss({ db: process.env['JOBS_KYSELY_ADAPTER'] ? fromKysely(db) : poolDb, backend: database.kind === 'pglite' ? 'pglite' : 'postgres', schema: 'pgboss', supervise: false, schedule: false });
boss.on('error', (error) => console.error('pg-boss error', error));
await boss.start();
await boss.createQueue('mail', { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 60 });
console.log(`pg-boss start + schema: ${ms(t0)} ms`);
const tables = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'pgboss'`.execute(db)).rows[0]!.n;
console.log(`pgboss tables: ${tables}`);

// 2. Enqueue in the caller's transaction.
const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail'`.execute(db)).rows[0]!.n;
await db.transaction().execute(async (trx) => { await boss.send('mail', { probe: 'commit' }, { db: fromKysely(trx) }); });
await db.transaction().execute(async (trx) => {
  await boss.send('mail', { probe: 'rollback' }, { db: fromKysely(trx) });
  throw new Error('roll back');
}).catch(() => undefined);
console.log(`in-transaction send: after commit + rollback, jobs = ${await count()} (1 expected)`);
await sql`DELETE FROM pgboss.job WHERE name = 'mail'`.execute(db);

const config = { ...loadConfig({}), smtpUrl: undefined };
const ids = Array.from({ length: N }, () => randomUUID());
const stubMailer = { send: async () => ({ response: '250 ok' }), close: () => {} };
const stubMail = async () => ({ subject: 's', text: 't', html: '<p>t</p>' });

// 3a. The outbox: one event per transaction, then the dispatcher's rounds (expand + claim + send + settle with audit).
t0 = performance.now();
for (const id of ids) await db.transaction().execute((trx) => enqueue(trx, 'appeal.registered', id));
const outboxEnqueue = ms(t0);
const dispatcher = new MailDispatcher({ db, config, now: () => new Date(), mailer: stubMailer, mails: { 'appeal.registered': stubMail, 'appeal.forwarded': stubMail, 'applicant.informed': stubMail } });
t0 = performance.now();
let sent = 0;
for (;;) { const r = await dispatcher.runOnce(); sent += r.sent; if (r.sent === 0 && r.expandedEvents === 0) break; }
console.log(`outbox: enqueue ${N} in ${outboxEnqueue} ms (${(outboxEnqueue / N).toFixed(2)} ms each); drain ${sent} deliveries in ${ms(t0)} ms`);

// 3b. pg-boss: one job per transaction (beside the same outbox row, which the supervisors' list reads), then workers
// that settle each job with an audit entry in a transaction, as markSent does. One job per delivery.
t0 = performance.now();
for (const id of ids) {
  await db.transaction().execute(async (trx) => {
    await enqueue(trx, 'appeal.registered', id);
    await boss.send('mail', { topic: 'appeal.registered', entityId: id }, { db: fromKysely(trx) });
  });
}
const bossEnqueue = ms(t0);
let done = 0;
const drained = Promise.withResolvers<void>();
t0 = performance.now();
await boss.work<{ entityId: string }>('mail', { batchSize: 50, pollingIntervalSeconds: 0.5 }, async (jobs) => {
  for (const job of jobs) {
    for (let s = 0; s < supervisors; s++) {
      await db.transaction().execute(async (trx) => {
        await stubMailer.send();
        await recordAudit(trx, { userId: null, ip: null }, { entityType: 'appeal', entityId: job.data.entityId, action: 'management_notified', changes: { job: job.id } });
      });
    }
    if (++done === N) drained.resolve();
  }
});
await drained.promise;
console.log(`pg-boss: enqueue ${N} (outbox row + job) in ${bossEnqueue} ms (${(bossEnqueue / N).toFixed(2)} ms each); drain ${N * supervisors} sends in ${ms(t0)} ms`);
await boss.offWork('mail');

// 4. A registration batch writes its outbox events in one statement; with pg-boss it would add its jobs in one more.
t0 = performance.now();
await db.transaction().execute(async (trx) => {
  await boss.insert('mail', ids.map((id) => ({ data: { topic: 'appeal.registered', entityId: id } })), { db: fromKysely(trx) });
});
console.log(`pg-boss: ${N} jobs inserted in one transaction in ${ms(t0)} ms`);
await boss.stop({ graceful: true });
await database.close();
