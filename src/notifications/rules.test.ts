import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config.ts';
import { messageIdOf } from './dispatcher.ts';
import { describeSendFailure } from './mailer.ts';
import { afterFailure, MAX_ATTEMPTS, retryDelaySeconds } from './rules.ts';

describe('A2: retrying e-mail', () => {
  test('A2: the wait between attempts grows 30 s, 2 min, 10 min, 30 min, then stays at 1 h', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 9].map(retryDelaySeconds), [30, 120, 600, 1800, 3600, 3600, 3600]);
  });

  test('A2: a failed attempt is retried after the back-off until the last attempt, then the delivery fails', () => {
    const at = new Date('2026-11-25T10:00:00Z');
    assert.deepEqual(afterFailure(1, false, at), { status: 'pending', nextAttemptAt: new Date('2026-11-25T10:00:30Z') });
    assert.deepEqual(afterFailure(3, false, at), { status: 'pending', nextAttemptAt: new Date('2026-11-25T10:10:00Z') });
    assert.deepEqual(afterFailure(MAX_ATTEMPTS, false, at), { status: 'failed', nextAttemptAt: null });
    assert.deepEqual(afterFailure(1, true, at), { status: 'failed', nextAttemptAt: null }, 'a permanent refusal is not retried');
  });

  test('A2: only a 5xx refusal of the recipient or the message is permanent', () => {
    const failure = (code: string, responseCode?: number) => describeSendFailure(Object.assign(new Error(`${responseCode ?? ''} server said no`), { code, responseCode }));
    assert.equal(failure('EENVELOPE', 550).permanent, true);
    assert.equal(failure('EMESSAGE', 554).permanent, true);
    assert.equal(failure('EENVELOPE', 451).permanent, false, '4xx is temporary');
    assert.equal(failure('EENVELOPE', 503).permanent, false, '503 is a session state, not a refusal');
    assert.equal(failure('EAUTH', 535).permanent, false, 'wrong credentials are fixed by configuration, so retried');
    assert.equal(failure('ECONNECTION').permanent, false);
    assert.match(failure('ECONNECTION').reason, /^Не вдалося з’єднатися з поштовим сервером: /);
    assert.match(describeSendFailure('weird').reason, /^Лист не надіслано: weird$/);
  });

  test('A2: a delivery’s Message-ID is the same on every attempt and differs between deliveries', () => {
    const from = 'Контакт-центр <no-reply@court.example.org>';
    assert.equal(messageIdOf({ id: 7, eventId: 3 }, from), '<dovira.event-3.delivery-7@court.example.org>');
    assert.equal(messageIdOf({ id: 7, eventId: 3 }, from), messageIdOf({ id: 7, eventId: 3 }, from));
    assert.notEqual(messageIdOf({ id: 8, eventId: 3 }, from), messageIdOf({ id: 7, eventId: 3 }, from));
    assert.equal(messageIdOf({ id: 1, eventId: 1 }, 'bare@example.org'), '<dovira.event-1.delivery-1@example.org>');
  });
});

describe('A2: mail settings', () => {
  test('A2: defaults: no SMTP (mail waits), a local sender, links to the local server', () => {
    const config = loadConfig({});
    assert.equal(config.smtpUrl, undefined);
    assert.equal(config.mailFrom, 'Dovira <no-reply@localhost>');
    assert.equal(config.publicUrl, 'http://127.0.0.1:3000');
    assert.equal(config.notifyPollMs, 1000);
    assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://127.0.0.1:8080');
  });

  test('A2: SMTP_URL, MAIL_FROM and DOVIRA_PUBLIC_URL are taken as given, the trailing slash dropped', () => {
    const config = loadConfig({ SMTP_URL: 'smtps://dovira:secret@mail.example.org:465', MAIL_FROM: 'ЄКЦ <ekc@example.org>', DOVIRA_PUBLIC_URL: 'https://dovira.example.org/' });
    assert.equal(config.smtpUrl, 'smtps://dovira:secret@mail.example.org:465');
    assert.equal(config.mailFrom, 'ЄКЦ <ekc@example.org>');
    assert.equal(config.publicUrl, 'https://dovira.example.org');
  });

  test('A2: a malformed mail setting stops the start with a clear message that does not repeat the password', () => {
    assert.throws(() => loadConfig({ SMTP_URL: 'http://user:s3cret@mail.example.org' }), (error: Error) => /SMTP_URL/.test(error.message) && !error.message.includes('s3cret'));
    assert.throws(() => loadConfig({ SMTP_URL: 'not a url s3cret' }), (error: Error) => !error.message.includes('s3cret'));
    assert.throws(() => loadConfig({ MAIL_FROM: 'Dovira' }), /MAIL_FROM/);
    assert.throws(() => loadConfig({ DOVIRA_PUBLIC_URL: 'ftp://example.org' }), /DOVIRA_PUBLIC_URL/);
    assert.throws(() => loadConfig({ DOVIRA_NOTIFY_POLL_MS: '5' }), /DOVIRA_NOTIFY_POLL_MS/);
  });
});
