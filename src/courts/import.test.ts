// The CSV import and the seeds against the databases, and the import command run as a child process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { databaseTargets } from '../../test/databases.ts';
import { openDatabase, type OpenedDatabase } from '../db/database.ts';
import { importBodies, parseBodiesCsv } from './csv-import.ts';
import { DEMO_CLERK_BODY_CODE, NATIONAL_BODIES, seedDemoBodies, seedNationalBodies } from './seed.ts';

const HEADER = 'code;name;kind;instance;region;address;phones;email;website;active';
const GOOD = [
  HEADER,
  'test-vinnytsia;Тестовий районний суд (тест);local_general;;Вінницька область;"вул. Тестова, 1";"044 000-00-01; 044 000-00-02";a@example.org;https://example.org;так',
  'test-appeal;Тестовий апеляційний суд (тест);appellate_general;;м. Київ;;;;;',
  'test-council;Тестова рада (тест);high_council_of_justice;;;;;;;',
].join('\r\n');
const T0 = new Date('2026-11-25T10:00:00Z');

for (const target of databaseTargets()) {
  describe(`CSV import and seeds on ${target.name}`, () => {
    let opened: OpenedDatabase;
    before(async () => { opened = await target.open(); });
    after(async () => { await opened?.close(); });

    const snapshot = async () => ({
      bodies: await opened.db.selectFrom('judicial_bodies').selectAll().orderBy('code').execute(),
      audit: Number((await opened.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    });

    test('a dry run reports what would change and writes nothing', async () => {
      const before = await snapshot();
      const report = await importBodies(opened.db, parseBodiesCsv(GOOD), { dryRun: true, now: T0 });
      assert.equal(report.dryRun, true);
      assert.deepEqual(report.created.map((c) => [c.line, c.code]), [[2, 'test-vinnytsia'], [3, 'test-appeal'], [4, 'test-council']]);
      assert.deepEqual(await snapshot(), before);
    });

    test('a good file creates every body in one go, each audited as the system', async () => {
      const report = await importBodies(opened.db, parseBodiesCsv(GOOD), { dryRun: false, now: T0 });
      assert.deepEqual([report.created.length, report.updated.length, report.unchanged.length, report.rejected.length], [3, 0, 0, 0]);
      const bodies = await opened.db.selectFrom('judicial_bodies').selectAll().where('code', 'like', 'test-%').where('code', '!=', 'test-court').orderBy('code').execute();
      assert.deepEqual(bodies.map((b) => [b.code, b.kind, b.instance, b.region, b.is_demo]), [
        ['test-appeal', 'appellate_general', 'appellate', 'kyiv-city', false],
        ['test-council', 'high_council_of_justice', null, null, false],
        ['test-vinnytsia', 'local_general', 'first', 'vinnytsia', false],
      ]);
      assert.deepEqual(bodies[2]!.phones, ['+380440000001', '+380440000002']);
      assert.equal(bodies[2]!.created_at.toISOString(), T0.toISOString());
      const audit = await opened.db.selectFrom('audit_events').selectAll().where('entity_id', 'in', bodies.map((b) => b.id)).execute();
      assert.equal(audit.length, 3);
      assert.ok(audit.every((a) => a.actor_user_id === null && a.action === 'created' && a.changes.via === 'csv-import'));
    });

    test('importing the same file again changes nothing and writes no audit event', async () => {
      const before = await snapshot();
      const report = await importBodies(opened.db, parseBodiesCsv(GOOD), { dryRun: false, now: new Date('2026-11-26T10:00:00Z') });
      assert.deepEqual([report.created.length, report.updated.length, report.unchanged.length], [0, 0, 3]);
      assert.deepEqual(await snapshot(), before);
    });

    test('a changed file updates only what changed; bad rows are rejected by line while the good ones go in', async () => {
      const text = [
        'code,name,kind,region,phones',
        'test-vinnytsia,Тестовий районний суд (тест),local_general,Вінницька область,044 000-00-09',
        'test-appeal,Тестовий апеляційний суд (тест),appellate_general,,',
        'test-council,Тестова рада (тест),high_council_of_justice,,',
        'test-new,Новий тестовий суд (тест),local_commercial,Одеська область,',
        'test-bad,Тестовий суд (тест),local_general,Атлантида,',
      ].join('\n');
      const before = await snapshot();
      const dry = await importBodies(opened.db, parseBodiesCsv(text), { dryRun: true, now: T0 });
      assert.deepEqual(await snapshot(), before, 'a dry run with changes and rejections writes nothing either');
      const report = await importBodies(opened.db, parseBodiesCsv(text), { dryRun: false, now: new Date('2026-11-27T10:00:00Z') });
      assert.deepEqual(dry, { ...report, dryRun: true }, 'the dry run foretold exactly this');
      assert.deepEqual(report.updated.map((c) => [c.line, c.code, c.fields]), [[2, 'test-vinnytsia', ['phones']]]);
      assert.deepEqual(report.created.map((c) => c.code), ['test-new']);
      assert.deepEqual(report.unchanged.map((c) => c.code), ['test-council']);
      assert.deepEqual(report.rejected.map((r) => r.line), [3, 6]);
      assert.match(report.rejected[0]!.reason, /Регіон: для виду «апеляційний суд» вкажіть регіон/);
      assert.match(report.rejected[1]!.reason, /Атлантида/);
      const vinnytsia = await opened.db.selectFrom('judicial_bodies').selectAll().where('code', '=', 'test-vinnytsia').executeTakeFirstOrThrow();
      assert.deepEqual(vinnytsia.phones, ['+380440000009']);
      assert.equal(vinnytsia.address, 'вул. Тестова, 1', 'a column absent from the file is left as it was');
      assert.equal(vinnytsia.email, 'a@example.org');
      const audit = await opened.db.selectFrom('audit_events').select('changes').where('entity_id', '=', vinnytsia.id).where('action', '=', 'updated').executeTakeFirstOrThrow();
      assert.deepEqual(audit.changes, { via: 'csv-import', changed: ['phones'] });
    });

    test('the national bodies are seeded once, by their names only: no contacts, not demo', async () => {
      const first = await seedNationalBodies(opened.db, () => T0);
      assert.deepEqual(Object.keys(first).sort(), NATIONAL_BODIES.map((b) => b.code).sort());
      const again = await seedNationalBodies(opened.db, () => T0);
      assert.deepEqual(again, first, 'a second run finds them and adds nothing');
      const rows = await opened.db.selectFrom('judicial_bodies').selectAll().where('id', 'in', Object.values(first)).execute();
      assert.equal(rows.length, NATIONAL_BODIES.length);
      for (const row of rows) {
        assert.equal(row.is_demo, false);
        assert.equal(row.region, null, `${row.name} is national`);
        assert.deepEqual([row.address, row.phones, row.email, row.website], [null, [], null, null], `${row.name} ships no contacts`);
      }
      const byCode = Object.fromEntries(rows.map((row) => [row.code, row]));
      assert.equal(byCode['supreme-court']!.name, 'Верховний Суд');
      assert.equal(byCode['supreme-court']!.instance, 'cassation');
      assert.equal(byCode['cassation-civil-court']!.name, 'Касаційний цивільний суд у складі Верховного Суду');
      assert.equal(byCode['high-anti-corruption-court']!.instance, 'first');
      assert.equal(byCode['constitutional-court']!.kind, 'constitutional_court');
      const audit = await opened.db.selectFrom('audit_events').selectAll().where('entity_id', 'in', Object.values(first)).execute();
      assert.equal(audit.length, NATIONAL_BODIES.length, 'one event per body, none for the second run');
      assert.ok(audit.every((a) => a.actor_user_id === null && a.changes.via === 'seed'));
    });

    test('the demo bodies say they are demo, in the flag and in their names, and so do their people', async () => {
      const ids = await seedDemoBodies(opened.db, () => T0);
      assert.ok(ids[DEMO_CLERK_BODY_CODE]);
      assert.deepEqual(await seedDemoBodies(opened.db, () => T0), ids);
      const rows = await opened.db.selectFrom('judicial_bodies').selectAll().where('id', 'in', Object.values(ids)).execute();
      assert.equal(rows.length, 2);
      for (const row of rows) {
        assert.equal(row.is_demo, true);
        assert.match(row.name, /\(демо\)$/);
        assert.deepEqual([row.address, row.phones, row.email, row.website], [null, [], null, null]);
      }
      const people = await opened.db.selectFrom('authorised_persons').selectAll().where('judicial_body_id', 'in', Object.values(ids)).execute();
      assert.equal(people.length, 2, 'one each, not doubled by the second run');
      for (const person of people) {
        assert.match(person.full_name, /^Демо /);
        assert.match(person.position, /\(демо\)$/);
        assert.match(person.phone, /^\+3800000000\d\d$/, 'a number no real line has');
      }
    });
  });
}

describe('npm run import-courts, run as a command on a temporary PGlite database', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(path.join(tmpdir(), 'dovira-import-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  const script = path.resolve(import.meta.dirname, '../../scripts/import-courts.ts');
  const run = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, ...args], {
        env: { ...process.env, DOVIRA_DATA_DIR: dir, DATABASE_URL: '' }, timeout: 120_000,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };
  const countIn = async (code: string): Promise<number> => {
    const database = await openDatabase({ dataDir: path.join(dir, 'pglite') });
    try {
      return (await database.db.selectFrom('judicial_bodies').select('id').where('code', '=', code).execute()).length;
    } finally {
      await database.close();
    }
  };

  test('without a file, or with an unknown option, it explains its use and exits 2', async () => {
    const none = await run();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /Використання: npm run import-courts -- ФАЙЛ\.csv \[--dry-run\]/);
    assert.equal((await run('x.csv', '--force')).code, 2);
  });

  test('--dry-run prints the plan and leaves the database as it was; then the real run imports; a bad row exits 1', async () => {
    const file = path.join(dir, 'registry.csv');
    await writeFile(file, '\uFEFF' + GOOD + '\r\ntest-bad;Тестовий суд (тест);local_general;;Атлантида;;;;;\r\n');
    const dry = await run(file, '--dry-run');
    assert.equal(dry.code, 1, dry.stderr);
    assert.match(dry.stdout, /Пробний запуск \(--dry-run\)/);
    assert.match(dry.stdout, /Було б створено: 3, оновлено: 0, без змін: 0; відхилено рядків: 1/);
    assert.match(dry.stdout, /! рядок 5: Регіон: невідоме значення «Атлантида»/);
    assert.equal(await countIn('test-vinnytsia'), 0);

    const real = await run(file);
    assert.equal(real.code, 1);
    assert.match(real.stdout, /^Створено: 3/);
    assert.equal(await countIn('test-vinnytsia'), 1);

    await writeFile(file, GOOD);
    const again = await run(file);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Створено: 0, оновлено: 0, без змін: 3; відхилено рядків: 0/);
  });

  test('a file that is not UTF-8, or has a bad header, is refused whole with exit 2', async () => {
    const cp1251 = path.join(dir, 'cp1251.csv');
    await writeFile(cp1251, Buffer.concat([Buffer.from('code;name;kind\ntest-x;'), Buffer.from([0xd1, 0xf3, 0xe4]), Buffer.from(';supreme_court\n')]));
    const notUtf8 = await run(cp1251);
    assert.equal(notUtf8.code, 2);
    assert.match(notUtf8.stderr, /не в кодуванні UTF-8/);
    const badHeader = path.join(dir, 'header.csv');
    await writeFile(badHeader, 'code;title;kind\n');
    const header = await run(badHeader);
    assert.equal(header.code, 2);
    assert.match(header.stderr, /Невідомий стовпець «title»/);
    assert.equal((await run(path.join(dir, 'missing.csv'))).code, 2);
  });
});
