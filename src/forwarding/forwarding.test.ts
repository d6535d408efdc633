import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, TEST_PASSWORD, type Client, type TestApp } from '../../test/app.ts';
import { validAppeal } from '../../test/fixtures.ts';
import { LocalLiveBus } from '../live/bus.ts';
import type { LiveEvent } from '../live/events.ts';
import { Dispatcher } from '../jobs/dispatcher.ts';
import { NO_BODY_ADDRESS_REASON } from '../notifications/outbox.ts';
import { startTestInbox, type TestInbox } from '../notifications/test-inbox.ts';
import { ForwardingCheck } from './check.ts';
import { startTestSmsGateway, type TestSmsGateway } from './test-sms-gateway.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';
const REASON = 'Питання належить до компетенції суду, у провадженні якого справа';

for (const target of databaseTargets()) {
  describe(`A3: forwarding to the competent body on ${target.name}`, () => {
    let t: TestApp;
    let mail: TestInbox;
    let sms: TestSmsGateway;
    let dispatcher: Dispatcher;
    let zhytomyrCourt: string;
    let zhytomyrOffice: string;
    let kyivCourt: string;
    let constitutional: string;
    let noEmailCourt: string;
    let otherClerk: Client;

    async function createBody(body: Record<string, unknown>): Promise<string> {
      const response = await t.as.admin.post('/api/v1/judicial-bodies', body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json().id;
    }

    async function register(overrides: Record<string, unknown> = {}): Promise<{ id: string; registrationNumber: string }> {
      const response = await t.as.operator.post('/api/v1/appeals', { ...validAppeal, ...overrides });
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    }

    const forward = (client: Client, appealId: string, judicialBodyId: string, headers?: Record<string, string>) =>
      client.post(`/api/v1/appeals/${appealId}/forward`, { judicialBodyId, reason: REASON }, headers);

    before(async () => {
      mail = await startTestInbox();
      sms = await startTestSmsGateway();
      t = await startTestApp(target, { smsGatewayUrl: sms.url, smsGatewayToken: 'token' });
      dispatcher = new Dispatcher({ db: t.db, config: { ...t.config, smtpUrl: mail.url }, now: t.clock.now });
      zhytomyrCourt = await createBody({ code: 'demo-zhytomyr-district', name: 'Житомирський районний суд (демо)', kind: 'local_general', region: 'zhytomyr', email: 'court@zhytomyr.example' });
      zhytomyrOffice = await createBody({ code: 'demo-zhytomyr-dsa', name: 'Територіальне управління ДСА в Житомирській області (демо)', kind: 'judicial_administration_office', region: 'zhytomyr' });
      kyivCourt = await createBody({ code: 'demo-kyiv-district', name: 'Київський районний суд (демо)', kind: 'local_general', region: 'kyiv-city', email: 'court@kyiv.example' });
      constitutional = await createBody({ code: 'demo-ccu', name: 'Конституційний Суд (демо)', kind: 'constitutional_court' });
      noEmailCourt = await createBody({ code: 'demo-no-email', name: 'Суд без пошти (демо)', kind: 'local_general', region: 'zhytomyr' });
      const created = await t.as.admin.post('/api/v1/users', { login: 'clerk2', fullName: 'Оксана Ігорівна Бондар', role: 'court_clerk', password: TEST_PASSWORD, judicialBodyId: kyivCourt });
      assert.equal(created.statusCode, 201, created.body);
      otherClerk = await t.login('clerk2');
    });
    after(async () => {
      await dispatcher?.stop();
      await mail?.close();
      await sms?.close();
      await t?.close();
    });

    test('A3: suggestions rank the courts of the applicant’s region first, with reasons, and never the Constitutional Court', async () => {
      await createBody({ code: 'supreme-court', name: 'Верховний Суд', kind: 'supreme_court' });
      await createBody({ code: 'high-council-of-justice', name: 'Вища рада правосуддя', kind: 'high_council_of_justice' });
      const appeal = await register({ residence: 'Житомирська обл., с. Тетерівка, вул. Київська, 3' });
      const response = await t.as.operator.get(`/api/v1/appeals/${appeal.id}/forwarding-suggestions`);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.region.code, 'zhytomyr');
      assert.equal(body.region.source, 'residence');
      const ids = body.items.map((s: { judicialBody: { id: string } }) => s.judicialBody.id);
      assert.ok(ids.indexOf(zhytomyrCourt) < ids.indexOf(zhytomyrOffice), 'the local court before the DSA office');
      assert.ok(!ids.includes(kyivCourt), 'a street named «Київська» is not the city of Kyiv');
      assert.ok(!ids.includes(constitutional));
      assert.match(body.items[0].reasons.join(' '), /регіоні заявника \(Житомирська область\)/);
      // Nothing in the essence points to a national body: the region's bodies alone, the national ones folded at the end.
      assert.deepEqual(body.items.map((s: { judicialBody: { region: string } }) => s.judicialBody.region), body.items.map(() => 'zhytomyr'));
      const national = body.national.map((s: { judicialBody: { name: string } }) => s.judicialBody.name);
      assert.ok(national.includes('Верховний Суд') && national.includes('Вища рада правосуддя'), national.join());
      assert.ok(!national.includes('Конституційний Суд (демо)'));
      assert.ok(body.national.every((s: { reasons: string[] }) => s.reasons.length === 0), 'no reason repeating the body’s name');
      // A complaint about a judge points to the High Council of Justice, offered after the region's bodies.
      const judge = (await t.as.operator.get(`/api/v1/appeals/${(await register({ residence: 'Житомир, вул. Перемоги, 5', essence: 'Скарга на поведінку судді під час засідання' })).id}/forwarding-suggestions`)).json();
      assert.equal(judge.region.code, 'zhytomyr', 'a city named alone');
      const last = judge.items.at(-1);
      assert.equal(last.judicialBody.name, 'Вища рада правосуддя');
      assert.match(last.reasons.join(), /дисциплінарної/);
      assert.equal(judge.items[0].judicialBody.id, zhytomyrCourt);
      assert.ok(!judge.national.some((s: { judicialBody: { name: string } }) => s.judicialBody.name === 'Вища рада правосуддя'), 'each body once');
      const chosen = (await t.as.operator.get(`/api/v1/appeals/${appeal.id}/forwarding-suggestions?region=kyiv-city`)).json();
      assert.equal(chosen.items[0].judicialBody.id, kyivCourt);
      const unknown = (await t.as.operator.get(`/api/v1/appeals/${(await register({ residence: 'село біля річки' })).id}/forwarding-suggestions`)).json();
      assert.equal(unknown.region, null);
      assert.match(unknown.hint, /оберіть/);
      assert.deepEqual(unknown.items, [], 'no region: no courts of some other region as noise');
      assert.ok(unknown.national.length >= 2);
      assert.equal((await t.as.operator.get(`/api/v1/appeals/${appeal.id}/forwarding-suggestions?region=atlantis`)).statusCode, 400);
    });

    test('A3: forwarded the same day once: status, letter, outbox event and audit in one go; a second forwarding is refused', async () => {
      t.clock.set('2026-11-25T09:00:00Z');
      const appeal = await register();
      const first = await forward(t.as.supervisor, appeal.id, zhytomyrCourt);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(first.json().judicialBody.name, 'Житомирський районний суд (демо)');
      assert.deepEqual(first.json().forwardingDeadlines, { sameDay: '2026-11-25', byLaw: '2026-11-30', sameDayMet: true, byLawMet: true });
      const again = await forward(t.as.supervisor, appeal.id, kyivCourt);
      assert.equal(again.statusCode, 409);
      assert.equal(again.headers['content-type'], PROBLEM);
      assert.match(again.json().detail, /вже направлено/);
      assert.equal(again.json().type, 'urn:dovira:problem:status-transition', 'the same refusal as every other step the appeal does not allow');
      const events = await t.db.selectFrom('outbox_events').select('topic').where('entity_id', '=', appeal.id).execute();
      assert.deepEqual(events.map((e) => e.topic).sort(), ['appeal.forwarded', 'appeal.registered']);
      const audit = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_id', '=', appeal.id).where('action', '=', 'forwarded').execute();
      assert.equal(audit.length, 1);
      assert.ok(!JSON.stringify(audit[0]!.changes).includes('компетенції'), 'the reason text stays out of the audit trail');
      const pdf = await t.as.supervisor.get(`/api/v1/appeals/${appeal.id}/forwarding-letter.pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    });

    test('A3: Idempotency-Key: a retried forwarding returns the first result and forwards once', async () => {
      const appeal = await register();
      const headers = { 'idempotency-key': `fwd-${appeal.id}` };
      const first = await forward(t.as.operator, appeal.id, zhytomyrCourt, headers);
      const retry = await forward(t.as.operator, appeal.id, zhytomyrCourt, headers);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(retry.statusCode, 201, retry.body);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.equal((await t.db.selectFrom('appeal_forwardings').select('id').where('appeal_id', '=', appeal.id).execute()).length, 1);
    });

    test('A3: who may forward: the registering operator and supervisors; another operator gets 404, an admin or clerk 403', async () => {
      const appeal = await register();
      await t.as.admin.post('/api/v1/users', { login: 'op42', fullName: 'Василь Петрович Гуменюк', role: 'operator', password: TEST_PASSWORD, operatorNumber: 42 });
      const otherOperator = await t.login('op42');
      assert.equal((await forward(otherOperator, appeal.id, zhytomyrCourt)).statusCode, 404);
      assert.equal((await otherOperator.get(`/api/v1/appeals/${appeal.id}/forwarding-suggestions`)).statusCode, 404);
      assert.equal((await forward(t.as.admin, appeal.id, zhytomyrCourt)).statusCode, 403);
      assert.equal((await forward(t.as.court_clerk, appeal.id, zhytomyrCourt)).statusCode, 403);
      assert.equal((await forward(t.as.operator, appeal.id, zhytomyrCourt)).statusCode, 201);
    });

    test('A3: bad input is refused and nothing is written: unknown fields, wrong types, markup, over-long text, a body that is not of the judiciary', async () => {
      const appeal = await register();
      const url = `/api/v1/appeals/${appeal.id}/forward`;
      for (const body of [
        { judicialBodyId: zhytomyrCourt, reason: REASON, extra: 1 },
        { judicialBodyId: 'not-a-uuid', reason: REASON },
        { judicialBodyId: zhytomyrCourt, reason: 42 },
        { judicialBodyId: zhytomyrCourt, reason: 'Див. <script>alert(1)</script>' },
        { judicialBodyId: zhytomyrCourt, reason: 'а'.repeat(1001) },
        { judicialBodyId: zhytomyrCourt },
      ]) {
        const response = await t.as.supervisor.post(url, body);
        assert.equal(response.statusCode, 400, JSON.stringify(body).slice(0, 80));
        assert.equal(response.headers['content-type'], PROBLEM);
      }
      const ccu = await t.as.supervisor.post(url, { judicialBodyId: constitutional, reason: REASON });
      assert.equal(ccu.statusCode, 422);
      assert.equal(ccu.json().errors[0].field, 'judicialBodyId');
      const missing = await t.as.supervisor.post(url, { judicialBodyId: '00000000-0000-4000-8000-000000000000', reason: REASON });
      assert.equal(missing.statusCode, 422);
      assert.equal((await t.db.selectFrom('appeal_forwardings').select('id').where('appeal_id', '=', appeal.id).execute()).length, 0);
      const status = await t.db.selectFrom('appeals').select('status').where('id', '=', appeal.id).executeTakeFirstOrThrow();
      assert.equal(status.status, 'registered');
    });

    test('A3: a body without an e-mail still gets the forwarding and the clerk inbox; the delivery list says why nothing was sent', async () => {
      const appeal = await register();
      assert.equal((await forward(t.as.supervisor, appeal.id, noEmailCourt)).statusCode, 201);
      await dispatcher.runOnce();
      const list = (await t.as.supervisor.get('/api/v1/notifications/deliveries?status=failed')).json();
      const failed = list.items.find((d: { appealId: string; topic: string }) => d.appealId === appeal.id && d.topic === 'appeal.forwarded');
      assert.ok(failed, JSON.stringify(list.items));
      assert.equal(failed.address, null);
      assert.equal(failed.lastError, NO_BODY_ADDRESS_REASON);
      assert.equal(failed.recipientName, 'Суд без пошти (демо)');
      assert.ok(!mail.messages.some((m) => m.subject.includes(appeal.registrationNumber) && !m.to.some((to) => to.includes('shevchenko'))));
    });

    test('A3: the applicant is told: during the call (recorded), by SMS (gateway), by e-mail (outbox); each refused when it cannot be done', async () => {
      const appeal = await register();
      const url = `/api/v1/appeals/${appeal.id}/applicant-informed`;
      const early = await t.as.operator.post(url, { channel: 'sms' });
      assert.equal(early.statusCode, 422, 'nothing to tell before forwarding');
      const during = await t.as.operator.post(url, { channel: 'during_call', at: t.clock.now().toISOString() });
      assert.equal(during.statusCode, 201, during.body);
      assert.equal(during.json().status, 'recorded');
      const future = await t.as.operator.post(url, { channel: 'during_call', at: new Date(t.clock.now().getTime() + 3600_000).toISOString() });
      assert.equal(future.statusCode, 422);
      for (const body of [{ channel: 'pigeon' }, { channel: 'sms', extra: true }, { channel: 'during_call', at: 'yesterday' }, {}]) {
        assert.equal((await t.as.operator.post(url, body)).statusCode, 400, JSON.stringify(body));
      }
      assert.equal((await forward(t.as.operator, appeal.id, zhytomyrCourt)).statusCode, 201);
      assert.equal((await t.as.operator.post(url, { channel: 'sms', at: t.clock.now().toISOString() })).statusCode, 422);

      sms.failWith = 503;
      const down = await t.as.operator.post(url, { channel: 'sms' });
      sms.failWith = null;
      assert.equal(down.statusCode, 502);
      assert.match(down.json().detail, /SMS не надіслано/);

      const sent = await t.as.operator.post(url, { channel: 'sms' });
      assert.equal(sent.statusCode, 201, sent.body);
      assert.match(sent.json().text, /Житомирський районний суд \(демо\)/);

      const byMail = await t.as.operator.post(url, { channel: 'email' });
      assert.equal(byMail.statusCode, 201, byMail.body);
      assert.equal(byMail.json().status, 'queued');
      await dispatcher.runOnce();
      const toApplicant = mail.messages.find((m) => m.to.includes('maryana@example.com') && m.subject.includes(appeal.registrationNumber));
      assert.ok(toApplicant, 'the applicant got the e-mail');
      assert.ok(toApplicant.text.includes('Житомирський районний суд (демо)'));

      const { email: _none, ...withoutEmail } = validAppeal;
      const noMail = (await t.as.operator.post('/api/v1/appeals', withoutEmail)).json();
      assert.equal((await forward(t.as.operator, noMail.id, zhytomyrCourt)).statusCode, 201);
      const refused = await t.as.operator.post(`/api/v1/appeals/${noMail.id}/applicant-informed`, { channel: 'email' });
      assert.equal(refused.statusCode, 422);
      const notices = await t.db.selectFrom('applicant_notices').select('channel').where('appeal_id', '=', appeal.id).orderBy('informed_at').execute();
      assert.deepEqual(notices.map((n) => n.channel), ['during_call', 'sms', 'email']);
    });

    test('A3: a notice retried with its Idempotency-Key sends the applicant one SMS and answers with the first notice; a failed send can be retried', async () => {
      const appeal = await register();
      assert.equal((await forward(t.as.operator, appeal.id, zhytomyrCourt)).statusCode, 201);
      const url = `/api/v1/appeals/${appeal.id}/applicant-informed`;
      const key = { 'idempotency-key': `notice-${appeal.id}` };
      const sentBefore = sms.messages.length;
      sms.failWith = 503;
      const down = await t.as.operator.post(url, { channel: 'sms' }, key);
      sms.failWith = null;
      assert.equal(down.statusCode, 502, 'the gateway refused: nothing recorded, the key not used up');
      // The same request twice at once, as a double click or a retry after a lost answer.
      const [one, two] = await Promise.all([t.as.operator.post(url, { channel: 'sms' }, key), t.as.operator.post(url, { channel: 'sms' }, key)]);
      assert.equal(one.statusCode, 201, one.body);
      assert.equal(two.statusCode, 201, two.body);
      assert.equal(one.json().id, two.json().id);
      assert.deepEqual([one, two].map((r) => r.headers['idempotent-replayed']).sort(), ['true', undefined].sort());
      assert.equal(sms.messages.length - sentBefore, 1, 'one SMS to the applicant');
      const notices = await t.db.selectFrom('applicant_notices').select('channel').where('appeal_id', '=', appeal.id).execute();
      assert.deepEqual(notices.map((n) => n.channel), ['sms']);
      const other = await t.as.operator.post(url, { channel: 'email' }, key);
      assert.equal(other.statusCode, 422, 'the same key for another request is refused');
      assert.equal(other.json().type, 'urn:dovira:problem:idempotency-key-reused');
    });

    test('A3: every try of an appeal’s SMS carries that appeal’s key to the gateway, and its applicant is sent one SMS however often it is asked', async () => {
      const appeal = await register();
      assert.equal((await forward(t.as.operator, appeal.id, zhytomyrCourt)).statusCode, 201);
      const url = `/api/v1/appeals/${appeal.id}/applicant-informed`;
      const requestsBefore = sms.requests.length;
      sms.failWith = 503;
      assert.equal((await t.as.operator.post(url, { channel: 'sms' }, { 'idempotency-key': `first-${appeal.id}` })).statusCode, 502);
      sms.failWith = null;
      // The screen lost its key (a reload): a new request, yet the same message to the gateway.
      const sent = await t.as.operator.post(url, { channel: 'sms' }, { 'idempotency-key': `second-${appeal.id}` });
      assert.equal(sent.statusCode, 201, sent.body);
      const tries = sms.requests.slice(requestsBefore);
      assert.equal(tries.length, 2);
      assert.deepEqual(tries.map((r) => r.idempotencyKey), [`dovira-applicant-notice-${appeal.id}`, `dovira-applicant-notice-${appeal.id}`]);

      const again = await t.as.supervisor.post(url, { channel: 'sms' });
      assert.equal(again.statusCode, 409, again.body);
      assert.match(again.json().detail, /вже надіслано SMS/);
      assert.equal(sms.requests.length, requestsBefore + 2, 'a second SMS is not even tried');
      const [one, two] = await Promise.all([t.as.operator.post(url, { channel: 'sms' }), t.as.supervisor.post(url, { channel: 'sms' })]);
      assert.deepEqual([one.statusCode, two.statusCode], [409, 409]);
      const notices = await t.db.selectFrom('applicant_notices').select('channel').where('appeal_id', '=', appeal.id).execute();
      assert.deepEqual(notices.map((n) => n.channel), ['sms']);
      assert.equal((await t.as.operator.post(url, { channel: 'during_call' })).statusCode, 201, 'other ways of telling stay open');
    });

    test('A3: without SMS_GATEWAY_URL an SMS is refused with a clear 422 that names no setting', async () => {
      const plain = await startTestApp(target);
      try {
        const appeal = (await plain.as.operator.post('/api/v1/appeals', validAppeal)).json();
        const body = await plain.db.selectFrom('judicial_bodies').select('id').where('code', '=', 'test-court').executeTakeFirstOrThrow();
        assert.equal((await plain.as.supervisor.post(`/api/v1/appeals/${appeal.id}/forward`, { judicialBodyId: body.id, reason: REASON })).statusCode, 201);
        const response = await plain.as.operator.post(`/api/v1/appeals/${appeal.id}/applicant-informed`, { channel: 'sms' });
        assert.equal(response.statusCode, 422);
        assert.equal(response.json().detail, 'SMS не надіслано: відправлення SMS не налаштовано — зверніться до адміністратора');
        assert.doesNotMatch(JSON.stringify(response.json()), /SMS_GATEWAY|DOVIRA_/, 'settings are for the administrator, not the person sending');
      } finally {
        await plain.close();
      }
    });

    test('A3: the supervisor’s list and the scheduled check: due after 16:00 Kyiv, late after the Kyiv day, announced once', async () => {
      t.clock.set('2027-03-10T08:00:00Z'); // 10:00 in Kyiv
      const appeal = await register();
      const live = new LocalLiveBus();
      const heard: LiveEvent[] = [];
      live.subscribe((event) => heard.push(event));
      const check = new ForwardingCheck({ db: t.db, live, now: t.clock.now });

      let due = (await t.as.supervisor.get('/api/v1/forwarding/due')).json();
      assert.equal(due.today, '2027-03-10');
      assert.ok(due.dueToday.some((d: { appealId: string }) => d.appealId === appeal.id));
      assert.deepEqual((await check.runOnce()).due, [], 'before 16:00 nobody is warned');

      t.clock.set('2027-03-10T14:30:00Z'); // 16:30 in Kyiv
      assert.ok((await check.runOnce()).due.includes(appeal.id));
      assert.ok(heard.some((e) => e.type === 'appeal.forwarding_due' && e.appealId === appeal.id));
      assert.ok(!(await check.runOnce()).due.includes(appeal.id), 'announced once');

      t.clock.set('2027-03-10T22:05:00Z'); // 00:05 on 11 March in Kyiv
      assert.ok((await check.runOnce()).late.includes(appeal.id));
      due = (await t.as.supervisor.get('/api/v1/forwarding/due')).json();
      const late = due.late.find((d: { appealId: string }) => d.appealId === appeal.id);
      assert.ok(late);
      assert.equal(late.forwardingByLaw, '2027-03-15');
      assert.equal(late.lateByLaw, false);
      t.clock.set('2027-03-16T08:00:00Z');
      due = (await t.as.supervisor.get('/api/v1/forwarding/due')).json();
      assert.equal(due.late.find((d: { appealId: string }) => d.appealId === appeal.id).lateByLaw, true);

      const forwarded = await forward(t.as.supervisor, appeal.id, zhytomyrCourt);
      assert.deepEqual(forwarded.json().forwardingDeadlines, { sameDay: '2027-03-10', byLaw: '2027-03-15', sameDayMet: false, byLawMet: false });
      due = (await t.as.supervisor.get('/api/v1/forwarding/due')).json();
      assert.ok(!due.late.some((d: { appealId: string }) => d.appealId === appeal.id));
      assert.equal((await t.as.operator.get('/api/v1/forwarding/due')).statusCode, 403);
    });

    test('A3: the clerk inbox shows only the clerk’s own body; another body’s clerk sees none and gets 404', async () => {
      t.clock.set('2027-05-03T09:00:00Z');
      const appeal = await register();
      assert.equal((await forward(t.as.supervisor, appeal.id, zhytomyrCourt)).statusCode, 201);
      const clerk = await t.as.admin.post('/api/v1/users', { login: 'clerk-zh', fullName: 'Ірина Олегівна Савчук', role: 'court_clerk', password: TEST_PASSWORD, judicialBodyId: zhytomyrCourt });
      assert.equal(clerk.statusCode, 201, clerk.body);
      const own = await t.login('clerk-zh');
      const inbox = (await own.get('/api/v1/clerk/inbox?status=forwarded')).json();
      assert.ok(inbox.items.some((i: { appealId: string }) => i.appealId === appeal.id));
      assert.ok(inbox.items.every((i: { judicialBody: { id: string } }) => i.judicialBody.id === zhytomyrCourt));
      const card = (await own.get(`/api/v1/clerk/inbox/${appeal.id}`)).json();
      assert.equal(card.appeal.registrationNumber, appeal.registrationNumber);
      assert.equal(card.forwarding.letterUrl, `/api/v1/appeals/${appeal.id}/forwarding-letter.pdf`);
      assert.equal((await own.get(card.forwarding.letterUrl)).statusCode, 200);

      assert.ok(!(await otherClerk.get('/api/v1/clerk/inbox')).json().items.some((i: { appealId: string }) => i.appealId === appeal.id));
      for (const response of [
        await otherClerk.get(`/api/v1/clerk/inbox/${appeal.id}`),
        await otherClerk.get(`/api/v1/appeals/${appeal.id}/forwarding-letter.pdf`),
        await otherClerk.post(`/api/v1/clerk/inbox/${appeal.id}/acknowledge`),
        await otherClerk.post(`/api/v1/clerk/inbox/${appeal.id}/answer`, { summary: 'Відповідь' }),
      ]) assert.equal(response.statusCode, 404);

      const early = await own.post(`/api/v1/clerk/inbox/${appeal.id}/answer`, { summary: 'Відповідь' });
      assert.equal(early.statusCode, 409, 'an answer comes after receipt');
      assert.equal(early.json().type, 'urn:dovira:problem:status-transition');
      for (const body of [{ summary: '' }, { summary: '<b>x</b>' }, { summary: 'я'.repeat(5001) }, { summary: 'ok', extra: 1 }]) {
        assert.equal((await own.post(`/api/v1/clerk/inbox/${appeal.id}/answer`, body)).statusCode, 400, JSON.stringify(body).slice(0, 50));
      }
      assert.equal((await own.post(`/api/v1/clerk/inbox/${appeal.id}/acknowledge`, { extra: 1 })).statusCode, 400);
      const acknowledged = await own.post(`/api/v1/clerk/inbox/${appeal.id}/acknowledge`);
      assert.equal(acknowledged.statusCode, 200, acknowledged.body);
      assert.equal(acknowledged.json().consideration.oneMonth, '2027-06-03');
      assert.equal((await own.post(`/api/v1/clerk/inbox/${appeal.id}/acknowledge`)).statusCode, 409);

      // B3: past the one-month limit without an answer, the inbox flags it overdue.
      t.clock.set('2027-06-04T09:00:00Z');
      const overdue = (await own.get('/api/v1/clerk/inbox?status=acknowledged')).json().items.find((i: { appealId: string }) => i.appealId === appeal.id);
      assert.equal(overdue.overdue, true);
      assert.equal(overdue.consideration.extendedDeadline, '2027-06-17');
      assert.equal((await own.get('/api/v1/clerk/inbox?status=bogus')).statusCode, 400);
    });
  });
}
