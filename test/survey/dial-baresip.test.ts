// H3 over real SIP: Dovira asks a dialler baresip to call the citizen (another baresip) and to
// transfer them to the operator's extension (a third baresip); the outcome becomes the attempt.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { databaseTargets } from '../databases.ts';
import { startTestApp, type TestApp } from '../app.ts';
import { silenceWav, startBaresip, stopAllBaresip, telephonyUnavailable, type RunningBaresip } from './baresip.ts';

const unavailable = telephonyUnavailable();
const CITIZEN_NUMBER = '380501234567';

for (const target of databaseTargets()) {
  describe(`H3 callback dialling on baresip, ${target.name}`, { skip: unavailable, timeout: 180_000 }, () => {
    let t: TestApp;
    let work: string;
    let dialler: RunningBaresip;
    let operatorPhone: RunningBaresip;
    let citizen: RunningBaresip;
    /** What the citizen does when the phone rings. */
    let citizenDoes: 'answer' | 'reject' | 'ignore' = 'answer';

    before(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'dovira-dial-'));
      const silence = silenceWav(work, 60);
      dialler = await startBaresip('dialler', { user: 'dovira-dialler', answerMode: 'manual', audioSource: 'aubridge,dovira-quiet', control: false });
      operatorPhone = await startBaresip('operator', { user: '1017', answerMode: 'auto', audioSource: `aufile,${silence}`, control: true });
      citizen = await startBaresip('citizen', { user: CITIZEN_NUMBER, answerMode: 'manual', allowTransfer: true, audioSource: `aufile,${silence}`, control: true });
      citizen.client!.onEvent((event) => {
        if (event.type !== 'CALL_INCOMING') return;
        // 'reject': baresip answers 486 Busy Here to a call it hangs up while ringing.
        if (citizenDoes === 'answer') void citizen.client!.command('accept');
        if (citizenDoes === 'reject') void citizen.client!.command('hangup');
      });
      t = await startTestApp(target, {
        diallerBaresip: [dialler.ctrl],
        diallerCitizenUri: `sip:{number}@127.0.0.1:${citizen.sipPort}`,
        diallerOperatorUri: `sip:{extension}@127.0.0.1:${operatorPhone.sipPort}`,
        diallerRingSeconds: 3,
      });
      const mapped = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/1017', { operatorId: t.as.operator.userId });
      assert.equal(mapped.statusCode, 200, mapped.body);
    });

    after(async () => {
      await stopAllBaresip();
      await t?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    /** A callback the operator has taken into work. */
    async function claimedCallback(phone = '050 123 45 67'): Promise<string> {
      const dueAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
      const created = await t.as.operator.post('/api/v1/callbacks', { phone, reason: 'Повідомити дату засідання', dueAt });
      assert.equal(created.statusCode, 201, created.body);
      const id = created.json().id as string;
      const claimed = await t.as.operator.post(`/api/v1/callbacks/${id}/claim`);
      assert.equal(claimed.statusCode, 200, claimed.body);
      return id;
    }

    const dial = (id: string) => t.as.operator.post(`/api/v1/callbacks/${id}/dial`);

    test('H3: the citizen answers and is connected to the operator’s extension; the attempt is "answered"', async () => {
      citizenDoes = 'answer';
      const id = await claimedCallback();
      const response = await dial(id);
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      assert.equal(body.dial.outcome, 'answered');
      assert.equal(body.dial.bridged, true);
      assert.equal(body.attempts.length, 1);
      assert.equal(body.attempts[0].outcome, 'answered');
      assert.equal(body.attempts[0].outcomeLabel, 'заявник відповів, його з’єднано з оператором');
      assert.match(body.attempts[0].note, /1017/);
      assert.equal(body.status, 'in_progress', 'the operator still decides how the callback ends');
      // The operator's phone now talks to the citizen (the transferred call comes from the citizen).
      const bridged = await operatorPhone.waitForEvent((e) => e.type === 'CALL_ESTABLISHED' && (e.peerUri ?? '').includes(CITIZEN_NUMBER), 10_000, 'the citizen reaching the operator');
      assert.equal(bridged.direction, 'incoming');
      const audit = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_type', '=', 'callback').where('entity_id', '=', id).where('action', '=', 'attempt_recorded').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.changes.via, 'dialler');
      assert.equal(audit[0]!.changes.outcome, 'answered');
      // A conversation took place, so the callback may close as informed.
      const closed = await t.as.operator.post(`/api/v1/callbacks/${id}/close`, { outcome: 'informed' });
      assert.equal(closed.statusCode, 200, closed.body);
      await citizen.client!.command('hangup');
      await operatorPhone.waitForEvent((e) => e.type === 'CALL_CLOSED', 10_000, 'the bridged call ending');
    });

    test('H3: the citizen rejects the call (486 Busy Here); the attempt is "busy"', async () => {
      citizenDoes = 'reject';
      const id = await claimedCallback();
      const response = await dial(id);
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      assert.equal(body.dial.outcome, 'busy');
      assert.match(body.dial.detail, /^486/);
      assert.equal(body.attempts[0].outcome, 'busy');
    });

    test('H3: the citizen lets it ring past the limit; the attempt is "no_answer" and the ringing stops', async () => {
      citizenDoes = 'ignore';
      const id = await claimedCallback();
      const before = citizen.events.length;
      const started = Date.now();
      const response = await dial(id);
      assert.equal(response.statusCode, 201, response.body);
      assert.ok(Date.now() - started >= 2900, 'it rang for the configured time');
      const body = response.json();
      assert.equal(body.dial.outcome, 'no_answer');
      assert.equal(body.attempts[0].outcome, 'no_answer');
      await citizen.waitForEvent((e) => citizen.events.indexOf(e) >= before && e.type === 'CALL_CLOSED', 5000, 'the ringing call cancelled');
    });

    test('H3: a number nobody answers to at the exchange (404) is a "failed" attempt', async () => {
      citizenDoes = 'answer';
      const id = await claimedCallback('067 000 00 00');
      const response = await dial(id);
      assert.equal(response.statusCode, 201, response.body);
      const body = response.json();
      assert.equal(body.dial.outcome, 'failed');
      assert.match(body.dial.detail, /^404/);
      assert.equal(body.attempts[0].outcome, 'failed');
      const lease = await t.db.selectFrom('baresip_leases').selectAll().execute();
      assert.deepEqual(lease, [], 'the dialling line is free again');
    });
  });
}
