// Q1 over real SIP: a baresip survey endpoint driven by Dovira through ctrl_tcp, and a second
// baresip as the citizen's phone, pressing keys as RFC 2833 events (`sndcode`).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { databaseTargets } from '../databases.ts';
import { startTestApp, type TestApp } from '../app.ts';
import { prepareSurveyAudio, type SurveyAudio } from '../../src/telephony/adapters/baresip/survey-audio.ts';
import { SurveyEndpoint } from '../../src/telephony/adapters/baresip/survey-endpoint.ts';
import { eventually, silenceWav, startBaresip, stopAllBaresip, surveyPromptStarted, telephonyUnavailable, type RunningBaresip } from './baresip.ts';

const unavailable = telephonyUnavailable();
const KEY_TIMEOUT_MS = 2000;

for (const target of databaseTargets()) {
  describe(`Q1 keypad survey on baresip, ${target.name}`, { skip: unavailable, timeout: 240_000 }, () => {
    let t: TestApp;
    let work: string;
    let audio: SurveyAudio;
    let survey: RunningBaresip;
    let endpoint: SurveyEndpoint;
    let silence: string;

    before(async () => {
      work = mkdtempSync(path.join(tmpdir(), 'dovira-survey-'));
      // The prompts are spoken by espeak-ng and converted by sox here, as `npm run build:prompts` does.
      audio = await prepareSurveyAudio({ dataDir: work, keyTimeoutMs: KEY_TIMEOUT_MS });
      silence = silenceWav(work, 90);
      t = await startTestApp(target);
      survey = await startBaresip('survey', { user: 'survey', answerMode: 'manual', audioSource: 'aubridge,dovira-quiet', maxCalls: 1, control: false });
      endpoint = new SurveyEndpoint({ db: t.db, address: survey.ctrl, audio, keyTimeoutMs: KEY_TIMEOUT_MS, now: t.clock.now, leaseRenewMs: 1000 });
      endpoint.start();
      await eventually(async () => (endpoint.driving ? true : undefined), 10_000, 'the survey endpoint connects');
    });

    after(async () => {
      await endpoint?.stop();
      await stopAllBaresip();
      await t?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    /** A call taken by the operator and ended, as the survey follows it. */
    async function endedCall(callerPhone = '067 123 45 67'): Promise<string> {
      const opened = await t.as.operator.post('/api/v1/calls', { callerPhone });
      assert.equal(opened.statusCode, 201, opened.body);
      const id = opened.json().id as string;
      const ended = await t.as.operator.post(`/api/v1/calls/${id}/events`, { type: 'ended', reason: 'completed' });
      assert.equal(ended.statusCode, 201, ended.body);
      return id;
    }

    /** The citizen's phone: the exchange sets the From display name to the call's reference. */
    function citizen(reference: string | undefined, user = `citizen${Math.floor(Math.random() * 1e6)}`): Promise<RunningBaresip> {
      return startBaresip('citizen', { user, ...(reference ? { displayName: reference } : {}), answerMode: 'manual', audioSource: `aufile,${silence}`, control: true });
    }

    /** Calls the survey and waits until it answers and begins its prompt. */
    async function dialSurvey(phone: RunningBaresip): Promise<void> {
      const dialled = await phone.client!.command('dial', survey.uri);
      assert.ok(dialled.ok, dialled.data);
      await phone.waitForEvent((e) => e.type === 'CALL_ESTABLISHED', 10_000, 'the survey answering');
      await surveyPromptStarted(survey, phone);
    }

    const ratingOf = (callId: string) => eventually(
      () => t.db.selectFrom('survey_ratings').selectAll().where('call_id', '=', callId).executeTakeFirst(),
      60_000, 'the survey outcome recorded');

    const press = async (phone: RunningBaresip, key: string) => {
      const sent = await phone.client!.command('sndcode', key);
      assert.ok(sent.ok, sent.data);
    };

    test('Q1: key 4 stores 4 against the call and its operator, thanks the caller and hangs up', async () => {
      const callId = await endedCall();
      const phone = await citizen(callId);
      await dialSurvey(phone);
      await press(phone, '4');
      const rating = await ratingOf(callId);
      assert.equal(rating.score, 4);
      assert.equal(rating.outcome, 'rated');
      assert.equal(rating.operator_id, t.as.operator.userId, 'the rating belongs to the call’s operator');
      assert.equal(rating.channel, 'phone');
      assert.equal(rating.prompts_played, 1);
      assert.ok(rating.started_at, 'when the citizen was connected is kept');
      // The survey itself ends the call after the thanks.
      const closed = await phone.waitForEvent((e) => e.type === 'CALL_CLOSED', 15_000, 'the survey hanging up');
      assert.match(closed.param ?? '', /reset by peer/i);
      const audit = await t.db.selectFrom('audit_events').selectAll().where('entity_type', '=', 'survey_rating').where('entity_id', '=', rating.id).execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'rated');
      assert.deepEqual({ ...audit[0]!.changes }, { callId, operatorId: t.as.operator.userId, channel: 'phone', score: 4, promptsPlayed: 1 });
      await phone.stop();
    });

    test('Q1: an invalid key repeats the prompt, then 5 stores 5', async () => {
      const callId = await endedCall();
      const phone = await citizen(callId);
      await dialSurvey(phone);
      // baresip logs each time it starts a WAV: the prompt must start again after the invalid key.
      const promptStarts = () => survey.log().split(`loading input file '${audio.prompt.file}'`).length - 1;
      const before = promptStarts();
      await press(phone, '9');
      await eventually(async () => (promptStarts() > before ? true : undefined), 10_000, 'the prompt starting over after the invalid key');
      assert.equal(promptStarts(), before + 1, 'the prompt started over once');
      assert.equal(await t.db.selectFrom('survey_ratings').select('id').where('call_id', '=', callId).executeTakeFirst(), undefined, 'nothing recorded for an invalid key');
      await press(phone, '5');
      const rating = await ratingOf(callId);
      assert.equal(rating.score, 5);
      assert.equal(rating.prompts_played, 2, 'the prompt was played a second time');
      assert.equal(rating.invalid_keys, '9');
      await phone.waitForEvent((e) => e.type === 'CALL_CLOSED', 15_000, 'the survey hanging up');
      await phone.stop();
    });

    test('Q1: silence through the prompt twice is recorded as no answer, and the line is closed', async () => {
      const callId = await endedCall();
      const phone = await citizen(callId);
      await dialSurvey(phone);
      const limit = 2 * (audio.prompt.durationMs + KEY_TIMEOUT_MS) + audio.thanks.durationMs + 10_000;
      await phone.waitForEvent((e) => e.type === 'CALL_CLOSED', limit, 'the survey giving up and hanging up');
      const rating = await ratingOf(callId);
      assert.equal(rating.outcome, 'no_answer');
      assert.equal(rating.score, null);
      assert.equal(rating.prompts_played, 2);
      await phone.stop();
    });

    test('Q1: a caller who hangs up before pressing a key is recorded as no answer', async () => {
      const callId = await endedCall();
      const phone = await citizen(callId);
      await dialSurvey(phone);
      await phone.client!.command('hangup');
      const rating = await ratingOf(callId);
      assert.equal(rating.outcome, 'no_answer');
      assert.equal(rating.prompts_played, 1);
      await phone.stop();
    });

    test('Q1: a survey for an unknown call, or for a call already rated, is declined and records nothing', async () => {
      const stranger = await citizen(randomUUID());
      await stranger.client!.command('dial', survey.uri);
      const declined = await stranger.waitForEvent((e) => e.type === 'CALL_CLOSED', 10_000, 'the survey declining');
      assert.match(declined.param ?? '', /^486/);
      await stranger.stop();

      const callId = await endedCall();
      const first = await citizen(callId);
      await dialSurvey(first);
      await press(first, '3');
      await ratingOf(callId);
      await first.waitForEvent((e) => e.type === 'CALL_CLOSED', 15_000, 'the first survey ending');
      await first.stop();
      const again = await citizen(callId);
      await again.client!.command('dial', survey.uri);
      const refused = await again.waitForEvent((e) => e.type === 'CALL_CLOSED', 10_000, 'the second survey declined');
      assert.match(refused.param ?? '', /^486/);
      const rows = await t.db.selectFrom('survey_ratings').select('score').where('call_id', '=', callId).execute();
      assert.deepEqual(rows, [{ score: 3 }], 'the first rating stands');
      await again.stop();
    });

    test('Q1: without a reference the survey finds the latest call from the caller’s number', async () => {
      const callId = await endedCall('093 555 12 34');
      // An exchange that keeps the caller's number in From: sip:380935551234@…
      const phone = await citizen(undefined, '380935551234');
      await dialSurvey(phone);
      await press(phone, '2');
      const rating = await ratingOf(callId);
      assert.equal(rating.score, 2);
      await phone.waitForEvent((e) => e.type === 'CALL_CLOSED', 15_000, 'the survey hanging up');
      await phone.stop();
    });
  });
}
