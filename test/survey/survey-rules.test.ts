// The pure parts of the survey and the dialler: the keypad flow, netstring framing, baresip's
// messages, WAV handling, SIP outcomes and the configuration.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_PROMPTS, startSurvey, surveyStep, type SurveyInput, type SurveyState } from '../../src/survey/flow.ts';
import { encodeNetstring, NetstringDecoder, NetstringError } from '../../src/telephony/adapters/netstring.ts';
import { parseBaresipMessage, sipStatusOf } from '../../src/telephony/adapters/baresip/messages.ts';
import { baresipFiles, CALL_AUDIO } from '../../src/telephony/adapters/baresip/config.ts';
import { sipUser, unansweredOutcome } from '../../src/telephony/adapters/baresip/dialler.ts';
import { durationMs, encodeWav, formatMismatch, padWithSilence, parseWav, WavError, type PcmFormat } from '../../src/survey/wav.ts';
import { phoneOfSipUri } from '../../src/telephony/adapters/baresip/survey-endpoint.ts';
import { attemptOf } from '../../src/callbacks/dial.ts';
import { loadConfig, parseBaresipAddress } from '../../src/config.ts';

function run(inputs: SurveyInput[]): { state: SurveyState; actions: string[] } {
  let state = startSurvey();
  const actions: string[] = [];
  for (const input of inputs) {
    const step = surveyStep(state, input);
    state = step.state;
    for (const action of step.actions) actions.push(action.kind === 'play' ? `play ${action.prompt}` : action.kind === 'record' ? `record ${action.score}` : 'hangup');
  }
  return { state, actions };
}

describe('Q1 keypad survey flow', () => {
  test('Q1: a key 1-5 during the prompt is the rating: recorded at once, then thanks and hang-up', () => {
    for (const key of ['1', '2', '3', '4', '5']) {
      const { state, actions } = run([{ kind: 'answered' }, { kind: 'key', key }, { kind: 'thanks_played' }]);
      assert.deepEqual(actions, ['play prompt', `record ${key}`, 'play thanks', 'hangup']);
      assert.equal(state.score, Number(key));
      assert.equal(state.phase, 'over');
    }
  });

  test('Q1: an invalid key or silence repeats the prompt once; a second miss is "no answer"', () => {
    assert.deepEqual(run([{ kind: 'answered' }, { kind: 'key', key: '9' }, { kind: 'key', key: '5' }]).actions,
      ['play prompt', 'play prompt', 'record 5', 'play thanks']);
    assert.deepEqual(run([{ kind: 'answered' }, { kind: 'timeout' }, { kind: 'timeout' }, { kind: 'thanks_played' }]).actions,
      ['play prompt', 'play prompt', 'record null', 'play thanks', 'hangup']);
    const mixed = run([{ kind: 'answered' }, { kind: 'key', key: '#' }, { kind: 'key', key: '0' }]);
    assert.deepEqual(mixed.actions, ['play prompt', 'play prompt', 'record null', 'play thanks']);
    assert.deepEqual(mixed.state.invalidKeys, ['#', '0']);
    assert.equal(mixed.state.promptsPlayed, MAX_PROMPTS);
  });

  test('Q1: a caller who hangs up unrated is "no answer", recorded once; one who rated is not recorded again', () => {
    assert.deepEqual(run([{ kind: 'answered' }, { kind: 'hangup' }, { kind: 'hangup' }]).actions, ['play prompt', 'record null']);
    assert.deepEqual(run([{ kind: 'hangup' }]).actions, ['record null'], 'hung up before the survey answered');
    assert.deepEqual(run([{ kind: 'answered' }, { kind: 'key', key: '3' }, { kind: 'hangup' }]).actions, ['play prompt', 'record 3', 'play thanks']);
  });

  test('Q1: keys during the thanks, keys before the answer and late timers change nothing', () => {
    assert.deepEqual(run([{ kind: 'key', key: '4' }, { kind: 'timeout' }]).actions, [], 'nothing before the prompt plays');
    assert.deepEqual(run([{ kind: 'answered' }, { kind: 'key', key: '4' }, { kind: 'key', key: '1' }, { kind: 'timeout' }, { kind: 'answered' }]).actions,
      ['play prompt', 'record 4', 'play thanks']);
    const over = run([{ kind: 'answered' }, { kind: 'key', key: '2' }, { kind: 'thanks_played' }, { kind: 'key', key: '5' }, { kind: 'hangup' }]);
    assert.deepEqual(over.actions, ['play prompt', 'record 2', 'play thanks', 'hangup']);
    assert.equal(over.state.score, 2);
  });
});

describe('netstring framing of ctrl_tcp', () => {
  test('encodes the byte length, not the character count', () => {
    assert.equal('{"a":"ї"}'.length, 9);
    assert.equal(encodeNetstring('{"a":"ї"}').toString('utf8'), '10:{"a":"ї"},');
    assert.equal(encodeNetstring('').toString('utf8'), '0:,');
  });

  test('decodes messages split anywhere and several in one chunk', () => {
    const stream = Buffer.concat([encodeNetstring('{"x":1}'), encodeNetstring('привіт'), encodeNetstring('')]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const decoder = new NetstringDecoder();
      const messages = [...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))];
      assert.deepEqual(messages, ['{"x":1}', 'привіт', ''], `cut at ${cut}`);
    }
    const byteByByte = new NetstringDecoder();
    const seen: string[] = [];
    for (const byte of stream) seen.push(...byteByByte.push(Buffer.from([byte])));
    assert.deepEqual(seen, ['{"x":1}', 'привіт', '']);
  });

  test('refuses a broken stream rather than guessing', () => {
    for (const bad of ['x:abc,', '3:abcd', '-1:,', '01:a,', '12345678', '9999999:']) {
      assert.throws(() => new NetstringDecoder(1000).push(Buffer.from(bad)), NetstringError, bad);
    }
  });
});

describe('baresip messages', () => {
  test('a response and an event are told apart; other JSON is ignored', () => {
    assert.deepEqual(parseBaresipMessage('{"response":true,"ok":false,"data":"no","token":"t1"}'), { kind: 'response', ok: false, data: 'no', token: 't1' });
    const event = parseBaresipMessage('{"event":true,"type":"CALL_DTMF_START","class":"call","accountaor":"sip:survey@h","direction":"incoming","peeruri":"sip:a@h","peerdisplayname":"ref","id":"c1","param":"4"}');
    assert.deepEqual(event, { kind: 'event', type: 'CALL_DTMF_START', eventClass: 'call', accountAor: 'sip:survey@h', direction: 'incoming', peerUri: 'sip:a@h', peerDisplayName: 'ref', callId: 'c1', param: '4' });
    assert.equal(parseBaresipMessage('{"event":"true","type":"CALL_CLOSED","class":"call"}')?.kind, 'event');
    for (const other of ['not json', '[]', 'null', '{"event":true}', '{"hello":1}']) assert.equal(parseBaresipMessage(other), null, other);
  });

  test('the SIP status of a closing reason', () => {
    assert.equal(sipStatusOf('486 Busy Here'), 486);
    assert.equal(sipStatusOf('404 Not Found'), 404);
    assert.equal(sipStatusOf('Connection reset by peer'), null);
    assert.equal(sipStatusOf('4860 x'), null);
    assert.equal(sipStatusOf(null), null);
  });

  test('H3: how an unanswered call is counted', () => {
    assert.equal(unansweredOutcome('486 Busy Here', true, false).outcome, 'busy');
    assert.equal(unansweredOutcome('603 Decline', true, false).outcome, 'busy');
    assert.equal(unansweredOutcome('480 Temporarily Unavailable', true, false).outcome, 'no_answer');
    assert.equal(unansweredOutcome('Connection reset by user', true, true).outcome, 'no_answer', 'rang until Dovira gave up');
    assert.equal(unansweredOutcome('Connection reset by user', false, true).outcome, 'failed', 'never rang: the exchange did not answer');
    assert.equal(unansweredOutcome('487 Request Terminated', true, true).outcome, 'no_answer');
    assert.equal(unansweredOutcome('503 Service Unavailable', false, false).outcome, 'failed');
    assert.equal(unansweredOutcome('503 Service Unavailable', false, false).detail, '503 Service Unavailable');
  });

  test('H3: an answered call that never reached the operator is a failed attempt, not a conversation', () => {
    assert.deepEqual(attemptOf({ outcome: 'answered', bridged: true, detail: null }, '1017').outcome, 'answered');
    const lost = attemptOf({ outcome: 'answered', bridged: false, detail: '501 Not Implemented' }, '1017');
    assert.equal(lost.outcome, 'failed');
    assert.match(lost.note, /не вдалося.*501/);
    assert.equal(attemptOf({ outcome: 'busy', bridged: false, detail: '486 Busy Here' }, '1017').outcome, 'busy');
  });

  test('SIP URI parts: the caller’s number and an escaped user part', () => {
    assert.equal(phoneOfSipUri('sip:+380501234567@pbx.example'), '+380501234567');
    assert.equal(phoneOfSipUri('sip:0501234567@10.0.0.1:5060;transport=udp'), '+380501234567');
    assert.equal(phoneOfSipUri('sip:anonymous@anonymous.invalid'), null);
    assert.equal(phoneOfSipUri('tel:+380501234567'), null);
    assert.equal(phoneOfSipUri(null), null);
    assert.equal(sipUser('380501234567'), '380501234567');
    assert.equal(sipUser('10#7 ;x'), '10%237%20%3Bx');
  });
});

describe('WAV prompts', () => {
  const tone = (format: PcmFormat = CALL_AUDIO, samples = 800) => encodeWav({ ...format, data: Buffer.alloc(samples * 2, 1) });

  test('reads back what it writes, measures it and pads it with silence', () => {
    const wav = parseWav(tone());
    assert.equal(wav.sampleRate, 8000);
    assert.equal(durationMs(wav), 100);
    const padded = padWithSilence(wav, 2000);
    assert.equal(durationMs(padded), 2100);
    assert.ok(padded.data.subarray(wav.data.length).every((byte) => byte === 0));
    assert.equal(formatMismatch(wav, CALL_AUDIO), null);
  });

  test('a WAV of another format is named for what it is', () => {
    const wide = parseWav(tone({ sampleRate: 22050, channels: 1, bitsPerSample: 16 }));
    assert.match(formatMismatch(wide, CALL_AUDIO) ?? '', /22050 Гц.*8000 Гц/);
    const stereo = parseWav(tone({ sampleRate: 8000, channels: 2, bitsPerSample: 16 }));
    assert.match(formatMismatch(stereo, CALL_AUDIO) ?? '', /каналів: 2/);
  });

  test('anything but PCM WAV is refused', () => {
    assert.throws(() => parseWav(Buffer.from('ID3 not a wav at all')), WavError);
    const compressed = tone();
    compressed.writeUInt16LE(7, 20); // μ-law
    assert.throws(() => parseWav(compressed), /PCM/);
    assert.throws(() => parseWav(tone().subarray(0, 36)), /data/);
  });
});

describe('telephony configuration', () => {
  test('survey and dialler addresses are lists of host:port; templates need their placeholder', () => {
    const config = loadConfig({
      DOVIRA_SURVEY_BARESIP: '127.0.0.1:4444, 10.0.0.5:4445',
      DOVIRA_DIALLER_BARESIP: '[::1]:4450',
      DOVIRA_DIALLER_CITIZEN_URI: 'sip:0{number}@pbx.example',
      DOVIRA_SURVEY_KEY_TIMEOUT_SECONDS: '5',
    });
    assert.deepEqual(config.surveyBaresip, [{ host: '127.0.0.1', port: 4444 }, { host: '10.0.0.5', port: 4445 }]);
    assert.deepEqual(config.diallerBaresip, [{ host: '::1', port: 4450 }]);
    assert.equal(config.diallerCitizenUri, 'sip:0{number}@pbx.example');
    assert.equal(config.diallerOperatorUri, 'sip:{extension}@127.0.0.1:5060');
    assert.equal(config.surveyKeyTimeoutSeconds, 5);
    assert.deepEqual(loadConfig({}).surveyBaresip, [], 'off unless configured');
    assert.throws(() => loadConfig({ DOVIRA_SURVEY_BARESIP: 'localhost' }), /DOVIRA_SURVEY_BARESIP/);
    assert.throws(() => loadConfig({ DOVIRA_DIALLER_BARESIP: '127.0.0.1:99999' }), /DOVIRA_DIALLER_BARESIP/);
    assert.throws(() => loadConfig({ DOVIRA_DIALLER_CITIZEN_URI: 'sip:citizen@pbx' }), /\{number\}/);
    assert.throws(() => loadConfig({ DOVIRA_DIALLER_OPERATOR_URI: 'http://{extension}' }), /DOVIRA_DIALLER_OPERATOR_URI/);
    assert.throws(() => loadConfig({ DOVIRA_SURVEY_KEY_TIMEOUT_SECONDS: '0' }), /DOVIRA_SURVEY_KEY_TIMEOUT_SECONDS/);
    assert.equal(parseBaresipAddress('baresip.internal:4444')?.host, 'baresip.internal');
  });

  test('the generated baresip config loads what Dovira needs and keeps to one call', () => {
    const files = baresipFiles({ sipListen: '127.0.0.1:5080', ctrlListen: '127.0.0.1:4444', user: 'survey', displayName: 'Опитування "Q1"', answerMode: 'manual', audioSource: 'aubridge,q' });
    for (const line of ['module_app\t\tctrl_tcp.so', 'ctrl_tcp_listen\t\t127.0.0.1:4444', 'call_max_calls\t\t1', 'audio_srate\t\t8000', 'module\t\t\taufile.so']) {
      assert.ok(files.config.includes(line), line);
    }
    assert.equal(files.accounts, '"Опитування Q1" <sip:survey@127.0.0.1:5080>;regint=0;answermode=manual\n');
  });
});
