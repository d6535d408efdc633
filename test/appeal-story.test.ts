// The whole path of an oral appeal outside the centre's competence, as one story: registered (A1) →
// management told live and by e-mail (A2) → forwarded the same day with the letter (A3) → the
// applicant told → the court's clerk acknowledges receipt → answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type WebSocket from 'ws';
import { databaseTargets } from './databases.ts';
import { startTestApp, type Client, type TestApp } from './app.ts';
import { openLive, type Inbox } from './live-messages.ts';
import { validAppeal } from './fixtures.ts';
import { Dispatcher } from '../src/jobs/dispatcher.ts';
import { startTestInbox, type TestInbox } from '../src/notifications/test-inbox.ts';
import { startTestSmsGateway, type TestSmsGateway } from '../src/forwarding/test-sms-gateway.ts';
import { pdfText } from '../src/forwarding/test-pdf.ts';

const SUPERVISOR_ADDRESS = 'i.shevchenko@example.org';
const COURT_ADDRESS = 'inbox@test-court.example';

for (const target of databaseTargets()) {
  describe(`the story of a forwarded appeal on ${target.name}`, () => {
    let t: TestApp;
    let mail: TestInbox;
    let sms: TestSmsGateway;
    let dispatcher: Dispatcher;
    let courtId: string;
    const sockets: WebSocket[] = [];

    const listen = async (client: Client): Promise<Inbox> => (await openLive(t.app, client, sockets)).inbox;

    before(async () => {
      mail = await startTestInbox();
      sms = await startTestSmsGateway();
      t = await startTestApp(target, { smsGatewayUrl: sms.url, smsGatewayToken: 'test-sms-token' });
      dispatcher = new Dispatcher({ db: t.db, config: { ...t.config, smtpUrl: mail.url }, now: t.clock.now });
      assert.equal((await t.as.admin.patch(`/api/v1/users/${t.as.supervisor.userId}`, { email: SUPERVISOR_ADDRESS })).statusCode, 200);
      // The applicant lives in Житомир: the competent court is a local court of that region.
      const court = await t.db.updateTable('judicial_bodies').set({ email: COURT_ADDRESS, kind: 'local_general', instance: 'first', region: 'zhytomyr' }).where('code', '=', 'test-court').returning('id').executeTakeFirstOrThrow();
      courtId = court.id;
    });
    after(async () => {
      for (const socket of sockets) socket.terminate();
      for (const client of t?.app.websocketServer.clients ?? []) client.terminate();
      await dispatcher?.stop();
      await mail?.close();
      await sms?.close();
      await t?.close();
    });

    test('A1 A2 A3: register → supervisor told live and by e-mail → forwarded with the PDF the same day → applicant told by SMS → clerk acknowledges → answered', async () => {
      const supervisorScreen = await listen(t.as.supervisor);
      const clerkScreen = await listen(t.as.court_clerk);

      // 10:00 in Kyiv: the operator registers the oral appeal.
      t.clock.set('2026-11-25T08:00:00Z');
      const registered = await t.as.operator.post('/api/v1/appeals', validAppeal);
      assert.equal(registered.statusCode, 201, registered.body);
      const appeal = registered.json();
      const number: string = appeal.registrationNumber;

      // A2: the supervisor sees it live at once, and by e-mail.
      await supervisorScreen.waitFor((m) => m.type === 'appeal.registered' && m.appealId === appeal.id);
      await dispatcher.runOnce();
      const toSupervisor = mail.messages.find((m) => m.to.includes(SUPERVISOR_ADDRESS));
      assert.ok(toSupervisor, 'the supervisor got an e-mail');
      assert.ok(toSupervisor.subject.includes(number));

      // The supervisor's list shows it as to be forwarded today.
      const dueBefore = (await t.as.supervisor.get('/api/v1/forwarding/due')).json();
      assert.ok(dueBefore.dueToday.some((d: { appealId: string }) => d.appealId === appeal.id));

      // A3: at 11:30 the operator forwards it to the competent court, with a suggestion to choose from.
      t.clock.advance(90 * 60);
      const suggestions = await t.as.operator.get(`/api/v1/appeals/${appeal.id}/forwarding-suggestions`);
      assert.equal(suggestions.statusCode, 200, suggestions.body);
      assert.ok(suggestions.json().items.some((s: { judicialBody: { id: string } }) => s.judicialBody.id === courtId));
      const forwarded = await t.as.operator.post(`/api/v1/appeals/${appeal.id}/forward`, { judicialBodyId: courtId, reason: 'Питання про стан розгляду справи належить до компетенції суду' });
      assert.equal(forwarded.statusCode, 201, forwarded.body);
      assert.equal(forwarded.json().status, 'forwarded');
      assert.equal(forwarded.json().forwardingDeadlines.sameDayMet, true);

      // The court's clerk hears of it live.
      const heard = await clerkScreen.waitFor((m) => m.type === 'appeal.status_changed' && m.appealId === appeal.id);
      assert.equal(heard.status, 'forwarded');
      assert.equal(heard.judicialBodyId, courtId);

      // The court's official address receives the letter as a PDF with the registration number.
      await dispatcher.runOnce();
      const toCourt = mail.messages.find((m) => m.to.includes(COURT_ADDRESS));
      assert.ok(toCourt, 'the court got an e-mail');
      assert.ok(toCourt.subject.includes(number));
      // The link takes the clerk to the appeal's page in the workspace (after logging in), not to the API.
      assert.ok(toCourt.text.includes(`${t.config.publicUrl}/clerk/appeals/${appeal.id}`), toCourt.text);
      assert.ok(!toCourt.text.includes('/api/'), 'no API address in a letter to people');
      const pdf = toCourt.attachments.find((a) => a.contentType === 'application/pdf');
      assert.ok(pdf, 'with the letter attached as a PDF');
      assert.equal(pdf.content.subarray(0, 5).toString('latin1'), '%PDF-');
      const letter = await pdfText(pdf.content);
      assert.ok(letter.includes(number), letter);
      assert.ok(letter.includes('Тестовий суд'));
      assert.ok(letter.includes('Оператор № 17, Олена Петрівна Коваленко'));

      // The applicant is told by SMS: the gateway receives the number and the body.
      const informed = await t.as.operator.post(`/api/v1/appeals/${appeal.id}/applicant-informed`, { channel: 'sms' });
      assert.equal(informed.statusCode, 201, informed.body);
      assert.equal(sms.messages.length, 1);
      assert.equal(sms.messages[0]!.authorization, 'Bearer test-sms-token');
      assert.equal(sms.messages[0]!.to, '+380671234567');
      assert.ok(sms.messages[0]!.text.includes(number) && sms.messages[0]!.text.includes('Тестовий суд'), sms.messages[0]!.text);
      assert.equal(informed.json().providerReference, 'sms-1');

      // The clerk finds it in the inbox and acknowledges receipt: the Law's limits start.
      t.clock.set('2026-11-26T07:00:00Z');
      const inbox = (await t.as.court_clerk.get('/api/v1/clerk/inbox')).json();
      assert.deepEqual(inbox.items.map((i: { appealId: string }) => i.appealId), [appeal.id]);
      const acknowledged = await t.as.court_clerk.post(`/api/v1/clerk/inbox/${appeal.id}/acknowledge`);
      assert.equal(acknowledged.statusCode, 200, acknowledged.body);
      assert.deepEqual(acknowledged.json().consideration, { countedFrom: 'acknowledged', withoutStudy: '2026-12-11', oneMonth: '2026-12-26', extendedDeadline: '2027-01-10' });

      // The clerk records the answer given to the citizen.
      t.clock.advance(3 * 24 * 3600);
      const answered = await t.as.court_clerk.post(`/api/v1/clerk/inbox/${appeal.id}/answer`, { summary: 'Заявнику повідомлено дату судового засідання' });
      assert.equal(answered.statusCode, 200, answered.body);
      assert.equal(answered.json().status, 'answered');

      // The register tells the whole story in order, and nothing is left to forward.
      const detail = (await t.as.supervisor.get(`/api/v1/appeals/${appeal.id}`)).json();
      assert.equal(detail.status, 'answered');
      assert.deepEqual(detail.history.map((h: { action: string }) => h.action),
        ['registered', 'management_notified', 'forwarded', 'forwarding_letter_sent', 'applicant_informed', 'acknowledged', 'answered']);
      const dueAfter = (await t.as.supervisor.get('/api/v1/forwarding/due')).json();
      assert.ok(![...dueAfter.dueToday, ...dueAfter.late].some((d: { appealId: string }) => d.appealId === appeal.id));
    });
  });
}
