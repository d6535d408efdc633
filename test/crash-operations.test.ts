// The server is killed (kill -9) in the middle of three operations that must neither lose nor repeat
// anything, started again, and its clients retry what was cut off, as real ones do:
// forwarding an appeal and telling the applicant by SMS, operators claiming callbacks, and the
// telephone exchange's stream of events.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { LEASE_SECONDS } from '../src/notifications/rules.ts';
import { startTestInbox } from '../src/notifications/test-inbox.ts';
import { startTestSmsGateway } from '../src/forwarding/test-sms-gateway.ts';
import { postgresServer } from './databases.ts';
import { exitOf } from './deadline.ts';
import { validAppeal } from './fixtures.ts';
import { freshPostgresDatabase, loginOverHttp, startServer, stopServer, type HttpSession, type Started } from './server-process.ts';

const postgres = postgresServer('PGlite is one process, killed with its database');
const skip = postgres.skip;

/** Waits for `condition`, failing with `what` when `ms` pass first. */
async function until(condition: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A request whose answer never came: the connection broke (the server was killed). */
class Cut extends Error {}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  replayed: boolean;
}

type Auth = HttpSession | { token: string };

async function call(baseUrl: string, auth: Auth, method: string, path: string, body?: unknown, key?: string): Promise<Answer> {
  const headers: Record<string, string> = 'token' in auth ? { authorization: `Bearer ${auth.token}` } : { cookie: auth.cookie, 'x-csrf-token': auth.csrfToken };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    text = await response.text();
  } catch (error) {
    throw new Cut(`${method} ${path}: ${(error as Error).message}`);
  }
  return { status: response.status, body: text ? JSON.parse(text) as Record<string, unknown> : {}, replayed: response.headers.get('idempotent-replayed') === 'true' };
}

/** The answer, which must be `status`. */
async function expect(status: number, answer: Promise<Answer>, what: string): Promise<Answer> {
  const got = await answer;
  assert.equal(got.status, status, `${what}: ${JSON.stringify(got.body)}`);
  return got;
}

/** kill -9, and wait until the process is gone. */
async function sigkill(server: Started): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error(`the server had already stopped: ${server.output}`);
  const exited = exitOf(server.child, 10_000, `the server at ${server.url}, sent SIGKILL,`);
  server.child.kill('SIGKILL');
  await exited;
}

describe('kill -9 in the middle of operations that must not be lost or repeated', () => {
  const cleanups: (() => Promise<void>)[] = [];
  after(async () => { for (const cleanup of cleanups.reverse()) await cleanup(); });

  /** A fresh database for one server, and a connection to check what it holds. */
  async function database(prefix: string): Promise<{ url: string; db: pg.Client }> {
    const created = await freshPostgresDatabase(postgres.url, prefix);
    cleanups.push(created.drop);
    const db = new pg.Client({ connectionString: created.url });
    await db.connect();
    cleanups.push(() => db.end());
    return { url: created.url, db };
  }

  async function serve(env: Record<string, string>): Promise<{ current: Started }> {
    const holder = { current: await startServer(env) };
    cleanups.push(() => stopServer(holder.current));
    return holder;
  }

  test('A3: forwarding and the SMS notice cut off while the gateway holds the SMS: each appeal forwarded once, its applicant told once, the court e-mailed once', { skip }, async () => {
    const { url, db } = await database('dovira_crash_sms');
    const inbox = await startTestInbox();
    cleanups.push(() => inbox.close());
    const gateway = await startTestSmsGateway();
    cleanups.push(() => gateway.close());
    const env = { DATABASE_URL: url, SMTP_URL: inbox.url, SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_TOKEN: 'sms-token', DOVIRA_DEMO_DATA: 'true', DOVIRA_NOTIFY_POLL_MS: '100' };
    const server = await serve(env);
    const base = () => server.current.url;
    const admin = await loginOverHttp(base(), 'admin', 'admin-demo-pass');
    const operator = await loginOverHttp(base(), 'operator', 'operator-demo-17');
    const court = (await expect(201, call(base(), admin, 'POST', '/judicial-bodies', {
      code: 'crash-court', name: 'Житомирський районний суд', kind: 'local_general', region: 'zhytomyr', email: 'court@example.org',
    }), 'a court')).body.id as string;
    const appeals: { id: string; registrationNumber: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const appeal = (await expect(201, call(base(), operator, 'POST', '/appeals', { ...validAppeal, essence: `${validAppeal.essence} (${i})` }, `appeal-${i}`), 'an appeal')).body;
      appeals.push({ id: appeal.id as string, registrationNumber: appeal.registrationNumber as string });
    }

    // Each appeal: forward it, then tell the applicant by SMS; each step with its own key.
    const steps = (appeal: { id: string }, i: number) => [
      { path: `/appeals/${appeal.id}/forward`, key: `forward-${i}`, body: { judicialBodyId: court, reason: 'Питання належить до компетенції суду' } },
      { path: `/appeals/${appeal.id}/applicant-informed`, key: `sms-${i}`, body: { channel: 'sms' } },
    ];
    const answered = new Map<string, Answer>();
    const cutAt = new Map<number, number>();
    const run = async (i: number, from: number) => {
      const list = steps(appeals[i]!, i);
      for (let n = from; n < list.length; n++) {
        try {
          answered.set(list[n]!.key, await expect(201, call(base(), operator, 'POST', list[n]!.path, list[n]!.body, list[n]!.key), list[n]!.key));
        } catch (error) {
          if (!(error instanceof Cut)) throw error;
          cutAt.set(i, n);
          return;
        }
      }
    };

    gateway.holdAnswers = true;
    const flows = appeals.map((_, i) => run(i, 0));
    await until(() => gateway.held >= 3, 30_000, 'SMS held by the gateway');
    await sigkill(server.current);
    gateway.holdAnswers = false;
    gateway.release();
    await Promise.all(flows);
    assert.ok(cutAt.size >= 3, `the kill cut off ${cutAt.size} appeals' requests`);
    const smsBeforeRestart = gateway.messages.length;
    assert.ok(smsBeforeRestart >= 3, 'the held SMS had gone out to the applicants');

    server.current = await startServer(env);
    // The operator's screen retries what was cut off with the same keys, then goes on.
    await Promise.all([...cutAt].map(([i, n]) => run(i, n)));
    for (const [i, appeal] of appeals.entries()) {
      for (const step of steps(appeal, i)) {
        assert.ok(answered.has(step.key), `${step.key} answered in the end`);
        // A client unsure of the answer asks again: it gets the recorded one.
        const again = await expect(201, call(base(), operator, 'POST', step.path, step.body, step.key), `${step.key} again`);
        assert.ok(again.replayed, `${step.key}: the retry is answered with what was recorded`);
        assert.equal(again.body.id ?? again.body.forwardedAt, answered.get(step.key)!.body.id ?? answered.get(step.key)!.body.forwardedAt);
      }
    }

    const forwardings = (await db.query<{ appeal_id: string; n: number }>('SELECT appeal_id, count(*)::int AS n FROM appeal_forwardings GROUP BY appeal_id')).rows;
    assert.equal(forwardings.length, appeals.length, 'every appeal forwarded');
    assert.ok(forwardings.every((f) => f.n === 1), 'each once');
    const audited = (await db.query<{ entity_id: string; action: string; n: number }>(
      "SELECT entity_id, action, count(*)::int AS n FROM audit_events WHERE entity_type = 'appeal' AND action IN ('forwarded', 'applicant_informed') GROUP BY 1, 2")).rows;
    assert.equal(audited.length, appeals.length * 2, 'each appeal audited as forwarded and as informed');
    assert.ok(audited.every((a) => a.n === 1), `each once: ${JSON.stringify(audited.filter((a) => a.n !== 1))}`);
    const notices = (await db.query<{ appeal_id: string; id: string; status: string; provider_reference: string }>("SELECT appeal_id, id, status, provider_reference FROM applicant_notices WHERE channel = 'sms'")).rows;
    assert.equal(notices.length, appeals.length, 'one SMS notice per appeal');
    for (const appeal of appeals) {
      const about = (sms: { text: string }) => sms.text.includes(appeal.registrationNumber);
      const requests = gateway.requests.filter(about);
      assert.equal(gateway.messages.filter(about).length, 1, `${appeal.registrationNumber}: the applicant got one SMS`);
      assert.equal(new Set(requests.map((r) => r.idempotencyKey)).size, 1, `${appeal.registrationNumber}: every send of it carried one Idempotency-Key`);
      assert.ok(requests[0]!.idempotencyKey, 'a key the gateway can recognise a repeat by');
      const notice = notices.find((n) => n.appeal_id === appeal.id)!;
      assert.equal(notice.status, 'sent');
      assert.equal(notice.provider_reference, `sms-${gateway.messages.findIndex(about) + 1}`, 'the notice keeps the gateway’s id of the one SMS');
    }

    // The courts hear of each appeal by e-mail once (a mail cut off at the kill is resent with its
    // Message-ID once its lease runs out).
    const letters = () => inbox.messages.filter((m) => m.to.includes('court@example.org'));
    await until(() => appeals.every((a) => letters().some((m) => m.subject.includes(a.registrationNumber))), (LEASE_SECONDS + 20) * 1000, 'a letter to the court for every appeal');
    for (const appeal of appeals) {
      const mails = letters().filter((m) => m.subject.includes(appeal.registrationNumber));
      assert.equal(new Set(mails.map((m) => m.messageId)).size, 1, `${appeal.registrationNumber}: one letter, whatever was resent`);
      assert.ok(mails[0]!.attachments.some((a) => a.contentType.startsWith('application/pdf')), 'with the letter as PDF');
    }
    assert.ok(letters().length - appeals.length <= 1, `at most the one letter in flight at the kill is resent (${letters().length - appeals.length})`);
  });

  test('H3: operators claiming due callbacks at once, cut off mid-way: each callback held by one operator, none lost, no attempt recorded twice', { skip }, async () => {
    const { url, db } = await database('dovira_crash_callbacks');
    const env = { DATABASE_URL: url, DOVIRA_DEMO_DATA: 'true' };
    const server = await serve(env);
    const base = () => server.current.url;
    const admin = await loginOverHttp(base(), 'admin', 'admin-demo-pass');
    const supervisor = await loginOverHttp(base(), 'supervisor', 'supervisor-demo');
    const operators: { id: string; session: HttpSession }[] = [];
    for (let n = 0; n < 6; n++) {
      const user = await expect(201, call(base(), admin, 'POST', '/users', { login: `op${n}`, fullName: 'Тарас Григорович Шевченко', role: 'operator', password: `operator-pass-${n}`, operatorNumber: 101 + n }), 'an operator');
      operators.push({ id: user.body.id as string, session: await loginOverHttp(base(), `op${n}`, `operator-pass-${n}`) });
    }
    const total = 40;
    const scheduled: string[] = [];
    for (let n = 0; n < total; n++) {
      const callback = await expect(201, call(base(), supervisor, 'POST', '/callbacks', { phone: `050${String(1000000 + n)}`, reason: `Повідомити про стан справи ${n}`, dueAt: new Date().toISOString() }, `callback-${n}`), 'a callback');
      scheduled.push(callback.body.id as string);
    }

    // Each operator: take a due callback from the shared queue, try once (no answer), then reach the
    // citizen and close it. Every answer is written down as the operator's screen would see it.
    const claimedBy = new Map<string, Set<string>>();
    const work = (callbackId: string) => [
      { path: `/callbacks/${callbackId}/claim`, body: {}, key: undefined, ok: [200, 409] },
      { path: `/callbacks/${callbackId}/attempts`, body: { outcome: 'no_answer', note: 'Не відповідає' }, key: `first-${callbackId}`, ok: [201] },
      { path: `/callbacks/${callbackId}/attempts`, body: { outcome: 'reached', close: true, note: 'Повідомлено' }, key: `second-${callbackId}`, ok: [201] },
    ];
    const pending = new Map<number, { callbackId: string; step: number }>();
    let stop = false;
    const finish = async (n: number, callbackId: string, from: number): Promise<boolean> => {
      const me = operators[n]!;
      const list = work(callbackId);
      for (let step = from; step < list.length; step++) {
        let answer: Answer;
        try {
          answer = await call(base(), me.session, 'POST', list[step]!.path, list[step]!.body, list[step]!.key);
        } catch (error) {
          if (!(error instanceof Cut)) throw error;
          pending.set(n, { callbackId, step });
          return false;
        }
        assert.ok(list[step]!.ok.includes(answer.status), `op${n} ${list[step]!.path}: ${answer.status} ${JSON.stringify(answer.body)}`);
        if (step === 0) {
          if (answer.status === 409) return true;
          claimedBy.set(callbackId, new Set([...claimedBy.get(callbackId) ?? [], me.id]));
        }
      }
      return true;
    };
    const operatorLoop = async (n: number) => {
      while (!stop) {
        let list: Answer;
        try {
          list = await call(base(), operators[n]!.session, 'GET', '/callbacks?status=scheduled&due=overdue&limit=100');
        } catch (error) {
          if (error instanceof Cut) return;
          throw error;
        }
        const due = (list.body.items as { id: string }[]).map((c) => c.id);
        if (due.length === 0) return;
        if (!(await finish(n, due[Math.floor(Math.random() * due.length)]!, 0))) return;
      }
    };

    const first = operators.map((_, n) => operatorLoop(n));
    await until(() => claimedBy.size >= 12, 30_000, 'a dozen callbacks claimed');
    await sigkill(server.current);
    stop = true;
    await Promise.all(first);
    assert.ok(claimedBy.size < total, 'the kill came before the queue was done');

    server.current = await startServer(env);
    stop = false;
    // Each screen retries what was cut off (the same Idempotency-Key), then goes on with the queue.
    await Promise.all(operators.map(async (_, n) => {
      const cut = pending.get(n);
      if (cut) assert.ok(await finish(n, cut.callbackId, cut.step), `op${n} finished ${cut.callbackId} after the restart`);
      await operatorLoop(n);
    }));

    const rows = (await db.query<{ id: string; status: string; claimed_by: string; closed_by: string }>('SELECT id, status, claimed_by, closed_by FROM callbacks')).rows;
    assert.equal(rows.length, total, 'no callback lost');
    for (const row of rows) {
      const holders = claimedBy.get(row.id) ?? new Set();
      assert.equal(holders.size, 1, `${row.id}: claimed by exactly one operator (${[...holders].join(', ')})`);
      const holder = [...holders][0]!;
      assert.equal(row.status, 'done', `${row.id} is done`);
      assert.equal(row.claimed_by, holder, 'by the one told it was theirs');
      assert.equal(row.closed_by, holder);
    }
    const attempts = (await db.query<{ callback_id: string; outcome: string; operator_id: string }>('SELECT callback_id, outcome, operator_id FROM callback_attempts ORDER BY started_at, id')).rows;
    for (const id of scheduled) {
      const own = attempts.filter((a) => a.callback_id === id);
      assert.deepEqual(own.map((a) => a.outcome).sort(), ['no_answer', 'reached'], `${id}: each attempt recorded once`);
      assert.ok(own.every((a) => claimedBy.get(id)!.has(a.operator_id)), 'by the operator holding it');
    }
    const claims = (await db.query<{ entity_id: string; n: number }>("SELECT entity_id, count(*)::int AS n FROM audit_events WHERE entity_type = 'callback' AND action = 'claimed' GROUP BY 1")).rows;
    assert.equal(claims.length, total);
    assert.ok(claims.every((c) => c.n === 1), 'each claim audited once');
  });

  test('PBX: a stream of event batches cut off by kill -9 and resent: every event stored once, repeats answered duplicate, every timeline complete and in order', { skip }, async () => {
    const { url, db } = await database('dovira_crash_pbx');
    const env = { DATABASE_URL: url, DOVIRA_DEMO_DATA: 'true' };
    const server = await serve(env);
    const base = () => server.current.url;
    const admin = await loginOverHttp(base(), 'admin', 'admin-demo-pass');
    const pbxUser = await expect(201, call(base(), admin, 'POST', '/users', { login: 'exchange', fullName: 'Телефонна станція', role: 'pbx', password: 'exchange-password-1' }), 'the pbx user');
    const exchange = { token: (await expect(201, call(base(), admin, 'POST', `/users/${pbxUser.body.id as string}/api-tokens`, { name: 'АТС' }), 'its token')).body.token as string };

    // Four streams, each the calls of one operator's extension one after another, in batches of four events.
    const streams: { events: Record<string, unknown>[][]; next: number; answered: { batch: number; outcomes: string[] }[] }[] = [];
    const calls: string[] = [];
    const start = Date.now() - 3_600_000;
    for (let s = 0; s < 4; s++) {
      const operator = await expect(201, call(base(), admin, 'POST', '/users', { login: `line${s}`, fullName: 'Олена Петрівна Коваленко', role: 'operator', password: `operator-pass-${s}`, operatorNumber: 201 + s }), 'an operator');
      await expect(200, call(base(), admin, 'PUT', `/telephony/extensions/${2001 + s}`, { operatorId: operator.body.id }), 'an extension');
      const events: Record<string, unknown>[] = [];
      for (let c = 0; c < 25; c++) {
        const callId = `s${s}-call${c}@pbx`;
        calls.push(callId);
        const at = (second: number) => new Date(start + (c * 60 + second) * 1000).toISOString();
        const ev = (type: string, second: number, fields: Record<string, unknown> = {}) => ({ eventId: `${callId}-${type}`, callId, linkedId: callId, type, timestamp: at(second), ...fields });
        events.push(
          ev('offered', 0, { from: `050${1000000 + s * 100 + c}`, to: String(2001 + s), direction: 'inbound' }), ev('ringing', 1, { extension: String(2001 + s) }),
          ev('answered', 3, { extension: String(2001 + s) }), ev('hold', 10), ev('unhold', 20), ev('hangup', 40, { cause: 'normal_clearing', by: 'caller' }),
        );
      }
      const batches = [];
      for (let i = 0; i < events.length; i += 4) batches.push(events.slice(i, i + 4));
      streams.push({ events: batches, next: 0, answered: [] });
    }
    const totalBatches = streams.reduce((sum, s) => sum + s.events.length, 0);
    const answeredCount = () => streams.reduce((sum, s) => sum + s.answered.length, 0);

    const send = async (stream: (typeof streams)[number]): Promise<void> => {
      while (stream.next < stream.events.length) {
        let answer: Answer;
        try {
          answer = await call(base(), exchange, 'POST', '/telephony/events', { events: stream.events[stream.next] });
        } catch (error) {
          if (error instanceof Cut) return;
          throw error;
        }
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
        stream.answered.push({ batch: stream.next, outcomes: (answer.body.results as { outcome: string }[]).map((r) => r.outcome) });
        stream.next++;
        await new Promise((resolve) => setTimeout(resolve, 30)); // an exchange batches every few tens of milliseconds
      }
    };
    const first = streams.map(send);
    await until(() => answeredCount() >= totalBatches * 0.4, 60_000, '40% of the batches answered');
    await sigkill(server.current);
    await Promise.all(first);
    assert.ok(answeredCount() < totalBatches, 'the kill cut the stream');
    for (const stream of streams) {
      assert.ok(stream.answered.every((a) => a.outcomes.every((o) => o === 'applied')), 'before the kill every event was new and in order');
    }

    server.current = await startServer(env);
    await Promise.all(streams.map(async (stream) => {
      // As an exchange does after a reconnect: the last batch it was answered for goes again, then the rest.
      const last = stream.answered.at(-1);
      if (last) {
        const again = await expect(200, call(base(), exchange, 'POST', '/telephony/events', { events: stream.events[last.batch] }), 'a repeat');
        assert.deepEqual((again.body.results as { outcome: string }[]).map((r) => r.outcome), stream.events[last.batch]!.map(() => 'duplicate'), 'a batch answered before is all duplicate');
      }
      const cut = stream.next;
      await send(stream);
      const resent = stream.answered.find((a) => a.batch === cut);
      if (resent) assert.ok(resent.outcomes.every((o) => o === 'applied' || o === 'duplicate'), `the cut-off batch: ${resent.outcomes.join(', ')}`);
    }));
    assert.ok(streams.every((s) => s.next === s.events.length), 'every batch answered in the end');

    const stored = (await db.query<{ pbx_event_id: string; outcome: string }>("SELECT pbx_event_id, outcome FROM pbx_events WHERE outcome <> 'duplicate'")).rows;
    const sent = streams.flatMap((s) => s.events.flat()).map((e) => e.eventId as string);
    assert.equal(stored.length, sent.length, 'every event stored once');
    assert.deepEqual(new Set(stored.map((e) => e.pbx_event_id)), new Set(sent));
    assert.ok(stored.every((e) => e.outcome === 'applied'), `every event applied: ${JSON.stringify(stored.filter((e) => e.outcome !== 'applied'))}`);

    const timelines = (await db.query<{ pbx_call_id: string; status: string; end_reason: number; types: string[]; seqs: number[]; ats: Date[] }>(`
      SELECT c.pbx_call_id, c.status, c.end_reason, array_agg(e.type ORDER BY e.seq) AS types, array_agg(e.seq ORDER BY e.seq) AS seqs, array_agg(e.at ORDER BY e.seq) AS ats
      FROM calls c JOIN call_events e ON e.call_id = c.id GROUP BY c.id`)).rows;
    assert.deepEqual(timelines.map((t) => t.pbx_call_id).sort(), [...calls].sort(), 'one call for each of the exchange’s calls');
    for (const timeline of timelines) {
      assert.deepEqual(timeline.types, ['offered', 'answered', 'ended'], `${timeline.pbx_call_id}: the whole timeline`);
      assert.deepEqual(timeline.seqs, [1, 2, 3], 'numbered without gaps');
      assert.ok(timeline.ats.every((at, i) => i === 0 || at.getTime() >= timeline.ats[i - 1]!.getTime()), 'in the exchange’s time order');
      assert.equal(timeline.status, 'ended');
      assert.equal(timeline.end_reason, 'caller_hung_up');
    }
    const holds = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pbx_holds WHERE ended_at IS NOT NULL')).rows[0]!;
    assert.equal(holds.n, calls.length, 'each call’s hold on the phone recorded once, with its end');
  });
});
