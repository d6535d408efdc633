// Production is a posture Dovira holds itself to: a start with anything unsafe is refused with every
// reason in one Ukrainian line each, and nothing in the demo depends on remembering a variable.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './config.ts';
import { modeOf, StartRefused, smtpRequiresTls } from './mode.ts';

/** A production environment with nothing wrong in it. */
const SAFE = {
  DOVIRA_MODE: 'production',
  DATABASE_URL: 'postgres://dovira:secret@db.example:5432/dovira',
  DOVIRA_PUBLIC_URL: 'https://dovira.court.example',
};

function refusals(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof StartRefused, `a StartRefused, not ${String(error)}`);
    return error.reasons;
  }
}

describe('DOVIRA_MODE', () => {
  test('npm start with nothing set is the demo on the embedded database; with a real database the mode must be said', () => {
    assert.equal(modeOf({}), 'demo');
    assert.equal(loadConfig({}).seedDemo, true);
    assert.equal(loadConfig({}).secureCookies, false);
    assert.throws(() => modeOf({ DATABASE_URL: 'postgres://db/dovira' }), /DATABASE_URL, але не DOVIRA_MODE.*DOVIRA_MODE=production/);
    assert.equal(modeOf({ DATABASE_URL: 'postgres://db/dovira', DOVIRA_MODE: 'demo' }), 'demo');
    assert.equal(modeOf({ NODE_ENV: 'production' }), 'production', 'NODE_ENV=production still means production');
    assert.throws(() => modeOf({ NODE_ENV: 'production', DOVIRA_MODE: 'demo' }), /оберіть одне/);
    assert.throws(() => modeOf({ DOVIRA_MODE: 'prod' }), /DOVIRA_MODE="prod" має бути production або demo/);
  });

  test('a safe production environment starts: no demo data, secure cookies, its own address', () => {
    const config = loadConfig(SAFE);
    assert.equal(config.mode, 'production');
    assert.equal(config.seedDemo, false);
    assert.equal(config.secureCookies, true);
    assert.equal(config.publicUrl, 'https://dovira.court.example');
    assert.deepEqual(refusals({ ...SAFE, SMTP_URL: 'smtps://dovira:pw@mail.example:465', SMS_GATEWAY_URL: 'https://sms.example/send', ARI_URL: 'http://127.0.0.1:8088', ARI_USERNAME: 'dovira', ARI_PASSWORD: 'pw' }), []);
    assert.deepEqual(refusals({ ...SAFE, SMTP_URL: 'smtp://dovira:pw@mail.example:587?requireTLS=true' }), []);
  });

  test('production refuses the embedded database, demo data, cookies without Secure and an address without https, every reason at once', () => {
    const reasons = refusals({ DOVIRA_MODE: 'production', DOVIRA_DEMO_DATA: 'true', DOVIRA_SECURE_COOKIES: 'false' });
    assert.equal(reasons.length, 4, reasons.join('\n'));
    assert.match(reasons[0]!, /^DATABASE_URL не задано/);
    assert.match(reasons[1]!, /^DOVIRA_DEMO_DATA=true/);
    assert.match(reasons[2]!, /^DOVIRA_SECURE_COOKIES=false/);
    assert.match(reasons[3]!, /^DOVIRA_PUBLIC_URL має бути адресою https:\/\//);
    assert.match(refusals({ ...SAFE, DOVIRA_PUBLIC_URL: 'http://dovira.court.example' }).join(), /DOVIRA_PUBLIC_URL/);
  });

  test('production refuses channels that may carry citizens’ data or secrets in the clear: SMS over http, SMTP that may fall back to plain text, ARI over http to another machine', () => {
    assert.match(refusals({ ...SAFE, SMS_GATEWAY_URL: 'http://sms.example/send' }).join(), /^SMS_GATEWAY_URL починається з http:\/\//);
    for (const smtp of ['smtp://dovira:pw@mail.example:587', 'smtp://mail.example:25?requireTLS=false', 'smtp://mail.example:587?requireTLS=true&ignoreTLS=true']) {
      const reasons = refusals({ ...SAFE, SMTP_URL: smtp });
      assert.equal(reasons.length, 1, smtp);
      assert.match(reasons[0]!, /^SMTP_URL може перейти на незашифроване з’єднання/);
      assert.ok(!reasons[0]!.includes('pw'), 'the password is not repeated');
    }
    assert.match(refusals({ ...SAFE, ARI_URL: 'http://pbx.example:8088', ARI_USERNAME: 'dovira', ARI_PASSWORD: 'pw' }).join(), /^ARI_URL/);
  });

  test('the demo keeps its freedoms: plain http, opportunistic STARTTLS, an http SMS gateway', () => {
    const config = loadConfig({ SMTP_URL: 'smtp://mail.example:587', SMS_GATEWAY_URL: 'http://127.0.0.1:9999/send' });
    assert.equal(config.mode, 'demo');
    assert.equal(smtpRequiresTls('smtp://mail.example:587'), false);
    assert.equal(smtpRequiresTls('smtps://mail.example:465'), true);
  });

  test('a refusal reads as a heading and one line per reason', () => {
    const error = new StartRefused(['перша причина', 'друга причина'], true);
    assert.equal(error.describe(), 'Dovira не запустилася у виробничому режимі (DOVIRA_MODE=production):\n  - перша причина\n  - друга причина');
  });
});
