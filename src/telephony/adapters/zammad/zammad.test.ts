// The Zammad "Generic CTI" endpoint replayed with every request body of Zammad's own documentation
// (docs.zammad.org, api/generic-cti: newCall, answer, hangup; JSON and form-data), form-encoded,
// as multipart form data (curl --form) and as JSON: it answers as Zammad does, {} or a reject, and
// keeps every event as sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../../../test/databases.ts';
import { startTestApp, type TestApp } from '../../../../test/app.ts';
import { EVENT_OUTCOMES } from '../../contract.ts';

type Body = Record<string, string | string[]>;
interface Example { name: string; encoding: 'json' | 'form'; body: Body }

const CM = 'Christopher Miller';
const ET = 'Emma Taylor';
const NUMBERS = { from: '493023125741', to: '492214710334' };

/** The documentation's bodies, in its order: the JSON tab's, then the form-data tab's (user[] repeated). */
const DOCUMENTED: Example[] = [
  { name: 'newCall out', encoding: 'json', body: { event: 'newCall', ...NUMBERS, direction: 'out', callId: 'f4ebd2be-7b9a-4d58-94c2-eb06a3c2ce76', user: CM } },
  { name: 'newCall in', encoding: 'json', body: { event: 'newCall', ...NUMBERS, direction: 'in', callId: '307fa962-de8d-4ffc-817b-7f6993204159', user: [CM, ET] } },
  { name: 'newCall out', encoding: 'form', body: { event: 'newCall', ...NUMBERS, direction: 'out', callId: 'f0871278-0600-4f5c-a746-bec3acf04f41', 'user[]': [CM] } },
  { name: 'newCall in', encoding: 'form', body: { event: 'newCall', ...NUMBERS, direction: 'in', callId: '25641e3f-3317-4c48-80b3-fc573c7ffe2b', 'user[]': [CM, ET] } },
  { name: 'answer out', encoding: 'json', body: { event: 'answer', ...NUMBERS, direction: 'out', callId: '9f1840cb-8be9-4d3a-8200-3da2937085f0' } },
  { name: 'answer in', encoding: 'json', body: { event: 'answer', ...NUMBERS, direction: 'in', callId: '307fa962-de8d-4ffc-817b-7f6993204159', user: ET, answeringNumber: 'emma@chrispresso.com' } },
  { name: 'answer out', encoding: 'form', body: { event: 'answer', ...NUMBERS, direction: 'out', callId: '371e2cd7-67ff-4fd9-892b-030c8d128fb1' } },
  { name: 'answer in', encoding: 'form', body: { event: 'answer', ...NUMBERS, direction: 'in', callId: '61868f1e-2171-4313-970b-25982f0c5ce1', 'user[]': [CM, ET], answeringNumber: 'emma@chrispresso.com' } },
  { name: 'hangup out', encoding: 'json', body: { event: 'hangup', ...NUMBERS, direction: 'out', callId: 'f4ebd2be-7b9a-4d58-94c2-eb06a3c2ce76', user: CM, cause: 'cancel' } },
  { name: 'hangup in', encoding: 'json', body: { event: 'hangup', ...NUMBERS, direction: 'in', callId: '307fa962-de8d-4ffc-817b-7f6993204159', user: ET, answeringNumber: 'emma@chrispresso.com', cause: 'normalClearing' } },
  { name: 'hangup out', encoding: 'form', body: { event: 'hangup', ...NUMBERS, direction: 'out', callId: 'da7cf8b8-2de2-4120-93c8-7db1f55225dc', 'user[]': [CM], cause: 'cancel' } },
  { name: 'hangup in', encoding: 'form', body: { event: 'hangup', ...NUMBERS, direction: 'in', callId: '2d77882f-68df-40f0-8c62-b642589c00bc', 'user[]': [CM, ET], answeringNumber: 'emma@chrispresso.com', cause: 'normalClearing' } },
];

/** Every hangup cause the documentation lists. */
const CAUSES = ['normalClearing', 'busy', 'cancel', 'noAnswer', 'congestion', 'notFound', 'forwarded'];

/** A body form-encoded: a list becomes its key repeated, as Zammad's exchanges send user[]. */
function formOf(body: Body): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) for (const item of [value].flat()) form.append(key, item);
  return form.toString();
}

/** A body as multipart form data, as `curl --form` sends it: the bytes and their content type. */
async function multipartOf(body: Body): Promise<{ contentType: string; payload: Buffer }> {
  const form = new FormData();
  for (const [key, value] of Object.entries(body)) for (const item of [value].flat()) form.append(key, item);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { contentType: request.headers.get('content-type')!, payload: Buffer.from(await request.arrayBuffer()) };
}

/** What the form parser makes of a form body: a key sent once is a text, repeated a list. */
const parsedForm = (body: Body): Body => Object.fromEntries(Object.entries(body).map(([key, value]) => [key, Array.isArray(value) && value.length === 1 ? value[0]! : value]));

for (const target of databaseTargets()) {
  describe(`the Zammad Generic CTI endpoint on ${target.name}`, () => {
    let t: TestApp;
    let token: string;
    before(async () => {
      t = await startTestApp(target);
      token = (await t.as.admin.post(`/api/v1/users/${t.as.pbx.userId}/api-tokens`, { name: 'АТС (Zammad)' })).json().token;
      const mapped = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/1017', { operatorId: t.as.operator.userId });
      assert.equal(mapped.statusCode, 200, mapped.body);
    });
    after(async () => { await t?.close(); });

    const send = async (body: Body, encoding: 'json' | 'form' | 'multipart') => {
      const multipart = encoding === 'multipart' ? await multipartOf(body) : null;
      return t.app.inject({
        method: 'POST', url: `/api/v1/telephony/zammad?token=${token}`,
        ...(multipart
          ? { headers: { 'content-type': multipart.contentType }, payload: multipart.payload }
          : encoding === 'form'
            ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formOf(body) }
            : { payload: body }),
      });
    };
    const keptOf = async (callId: string, event: string) => (await t.db.selectFrom('pbx_events').select(['type', 'payload', 'outcome', 'reason', 'call_id'])
      .where('pbx_event_id', '=', `zammad:${callId}:${event}`).execute()).map((row) => ({ ...row, payload: row.payload as Record<string, unknown> & { zammad: Record<string, unknown> } }));
    /** Zammad's answer ({} unless told otherwise), and Dovira's outcome from the headers. */
    const answered = (response: Awaited<ReturnType<typeof t.app.inject>>, expected: object = {}) => {
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), expected);
      const outcome = String(response.headers['dovira-event-outcome']);
      assert.ok((EVENT_OUTCOMES as readonly string[]).includes(outcome), outcome);
      return { outcome, reason: decodeURIComponent(String(response.headers['dovira-event-reason'] ?? '')), callId: response.headers['dovira-call-id'] };
    };

    for (const encoding of ['form', 'multipart', 'json'] as const) {
      test(`every documented body, sent ${{ form: 'form-encoded', multipart: 'as multipart form data', json: 'as JSON' }[encoding]}, is answered {} and kept as sent with Dovira's outcome`, async () => {
        for (const example of DOCUMENTED) {
          // Sent as documented, or in the other encoding as another call.
          const callId = example.encoding === encoding ? String(example.body.callId) : `${String(example.body.callId)}.${encoding}`;
          const body: Body = { ...example.body, callId };
          const label = `${example.name} (${example.encoding} documented, sent ${encoding})`;
          const answer = answered(await send(body, encoding));
          const [kept, ...more] = await keptOf(callId, String(body.event));
          assert.equal(more.length, 0, label);
          assert.equal(kept!.outcome, answer.outcome, label);
          assert.equal(kept!.reason, answer.reason, `${label}: the header says what the kept event says`);
          assert.deepEqual(kept!.payload.zammad, encoding === 'json' ? body : parsedForm(body), `${label}: the body kept as sent`);
          assert.equal(kept!.type, { newCall: 'offered', answer: 'answered', hangup: 'hangup' }[String(body.event)], label);
          if (body.event === 'newCall') assert.equal(answer.outcome, 'applied', `${label}: a new call is never lost (H3)`);
          if (body.event === 'answer' && body.answeringNumber) assert.equal(kept!.payload.extension, undefined, `${label}: an e-mail is no extension`);
        }
      });
    }

    test('a repeated body (the exchange retries) is answered {} again and kept as a duplicate', async () => {
      const body = { event: 'newCall', from: '0501234567', to: '1017', direction: 'in', callId: 'zr-1' };
      assert.equal(answered(await send(body, 'form')).outcome, 'applied');
      assert.equal(answered(await send(body, 'json')).outcome, 'duplicate');
      assert.deepEqual((await keptOf('zr-1', 'newCall')).map((row) => row.outcome).sort(), ['applied', 'duplicate']);
    });

    test('H3: a call to an operator\'s extension, answered and hung up, is one call on the operator\'s timeline', async () => {
      const call = { from: '0671112233', to: '1017', direction: 'in', callId: 'zh-1' };
      const offered = answered(await send({ event: 'newCall', ...call, 'user[]': ['Олена Коваленко'], queue: 'reception' }, 'form'));
      assert.equal(offered.outcome, 'applied');
      const row = await t.db.selectFrom('calls').selectAll().where('pbx_call_id', '=', 'zh-1').executeTakeFirstOrThrow();
      assert.equal(offered.callId, row.id);
      assert.equal(row.operator_id, t.as.operator.userId);
      assert.equal(row.caller_phone, '+380671112233');
      assert.equal(answered(await send({ event: 'answer', ...call, answeringNumber: '1017' }, 'form')).outcome, 'applied');
      assert.equal(answered(await send({ event: 'hangup', ...call, cause: 'normalClearing', answeringNumber: '1017' }, 'form')).outcome, 'applied');
      const ended = await t.db.selectFrom('calls').select(['status', 'end_reason']).where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.deepEqual(ended, { status: 'ended', end_reason: 'completed' });
      assert.equal((await keptOf('zh-1', 'newCall'))[0]!.payload.zammad.queue, 'reception', 'the queue is kept with the event');
    });

    test('every documented hangup cause is answered {} and kept; a cause the caller gave (cancel) is the caller\'s hang-up', async () => {
      for (const [n, cause] of CAUSES.entries()) {
        const call = { from: '0501234567', to: '1017', direction: 'in', callId: `zc-${n}` };
        assert.equal(answered(await send({ event: 'newCall', ...call, 'user[]': ['Олена'] }, 'form')).outcome, 'applied', cause);
        // Whether a hang-up before anybody answered is applied is the call rules' to say: here, only that it is heard and kept.
        answered(await send({ event: 'hangup', ...call, cause }, n % 2 === 0 ? 'form' : 'json'));
        const [kept] = await keptOf(`zc-${n}`, 'hangup');
        assert.equal(kept!.payload.zammad.cause, cause);
        assert.equal(kept!.payload.cause, cause);
        assert.equal(kept!.payload.by, cause === 'cancel' ? 'caller' : 'system', cause);
      }
    });

    test('H3: fields Zammad does not document (xcid, origCallId) are kept, not refused; a documented field with a bad value still is, named', async () => {
      const extra = { event: 'newCall', from: '0501234567', to: '1017', direction: 'in', callId: 'zx-1', xcid: '7d1c0f2e-55aa', origCallId: '3c5e9a10@sbc' };
      assert.equal(answered(await send(extra, 'form')).outcome, 'applied');
      assert.deepEqual((await keptOf('zx-1', 'newCall'))[0]!.payload.zammad, extra);
      assert.equal(answered(await send({ ...extra, callId: 'zx-2' }, 'json')).outcome, 'applied');
      for (const [body, field] of [
        [{ ...extra, callId: 'zx-3', from: '<script>' }, 'from'],
        [{ ...extra, callId: 'zx-3', direction: 'sideways' }, 'direction'],
        [{ ...extra, callId: 'zx-3', event: 'ring' }, 'event'],
      ] as const) {
        const refused = await send(body, 'form');
        assert.equal(refused.statusCode, 400, refused.body);
        assert.deepEqual(refused.json().errors.map((e: { field: string }) => e.field), [field]);
      }
      assert.deepEqual(await keptOf('zx-3', 'newCall'), []);
    });

    test('hostile extra fields: many of them, deep ones, prototype names; never a 5xx, never a polluted prototype', async () => {
      const base = { event: 'newCall', from: '0501234567', to: '1017', direction: 'in' };
      const many = `${formOf({ ...base, callId: 'zhx-1' })}&${Array.from({ length: 10_000 }, (_, n) => `x${n.toString(36)}=`).join('&')}`;
      const response = await t.app.inject({ method: 'POST', url: `/api/v1/telephony/zammad?token=${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: many });
      assert.equal(answered(response).outcome, 'applied');
      const kept = (await keptOf('zhx-1', 'newCall'))[0]!.payload.zammad;
      assert.equal(kept.unknownFieldsDropped, 10_000 - 32);
      assert.equal(kept.from, '0501234567');
      const deep = await t.app.inject({
        method: 'POST', url: `/api/v1/telephony/zammad?token=${token}`, headers: { 'content-type': 'application/json' },
        payload: `{"event":"newCall","callId":"zhx-2","from":"0501234567","to":"1017","direction":"in","deep":${'['.repeat(5000)}1${']'.repeat(5000)},"constructor":"x","prototype":{"isAdmin":true}}`,
      });
      assert.equal(answered(deep).outcome, 'applied');
      assert.deepEqual((await keptOf('zhx-2', 'newCall'))[0]!.payload.zammad, { ...base, callId: 'zhx-2', constructor: 'x', prototype: { isAdmin: true }, unknownFieldsDropped: 1 });
      const nul = await send({ ...base, callId: 'zhx-3', note: 'a\u0000' }, 'form');
      assert.equal(nul.statusCode, 400);
      assert.deepEqual(nul.json().errors.map((e: { field: string }) => e.field), ['note']);
      assert.equal(({} as { isAdmin?: unknown }).isAdmin, undefined);
    });

    test('multipart form data that is no form of fields is refused naming what is wrong: a file, a broken body, a prototype name; never a 5xx', async () => {
      const base = { event: 'newCall', from: '0501234567', to: '1017', direction: 'in' };
      const withFile = new FormData();
      for (const [key, value] of Object.entries({ ...base, callId: 'zmp-1' })) withFile.append(key, value);
      withFile.append('recording', new Blob([new Uint8Array(1024)]), 'call.wav');
      const request = new Request('http://localhost/', { method: 'POST', body: withFile });
      const file = await t.app.inject({
        method: 'POST', url: `/api/v1/telephony/zammad?token=${token}`,
        headers: { 'content-type': request.headers.get('content-type')! }, payload: Buffer.from(await request.arrayBuffer()),
      });
      assert.equal(file.statusCode, 400, file.body);
      assert.deepEqual(file.json().errors.map((e: { field: string }) => e.field), ['recording']);
      const broken = await t.app.inject({
        method: 'POST', url: `/api/v1/telephony/zammad?token=${token}`,
        headers: { 'content-type': 'multipart/form-data; boundary=XYZ' }, payload: '--XYZ\r\nContent-Disposition: form-data; name="event"\r\n\r\nnewCall',
      });
      assert.equal(broken.statusCode, 400, broken.body);
      const withProto = new FormData();
      for (const [key, value] of Object.entries({ ...base, callId: 'zmp-2' })) withProto.append(key, value);
      withProto.append('__proto__', 'x');
      const protoRequest = new Request('http://localhost/', { method: 'POST', body: withProto });
      const proto = await t.app.inject({
        method: 'POST', url: `/api/v1/telephony/zammad?token=${token}`,
        headers: { 'content-type': protoRequest.headers.get('content-type')! }, payload: Buffer.from(await protoRequest.arrayBuffer()),
      });
      assert.equal(proto.statusCode, 400, proto.body);
      assert.deepEqual(proto.json().errors.map((e: { field: string }) => e.field), ['__proto__']);
      assert.deepEqual(await keptOf('zmp-1', 'newCall'), []);
      assert.equal(({} as { x?: unknown }).x, undefined);
    });

    describe('a blocked caller', () => {
      const blocked = '+380931234567';
      before(async () => {
        const put = await t.as.admin.request('PUT', `/api/v1/settings/blocked-numbers/${encodeURIComponent(blocked)}`, { note: 'Автодзвінки' });
        assert.equal(put.statusCode, 201, put.body);
      });

      test('a newCall from a blocked number is answered with Zammad\'s reject; nothing rings, the event is kept as refused and says why; a retry is rejected again', async () => {
        const call = { from: '380931234567', to: '1017', direction: 'in', callId: 'zb-1', 'user[]': ['Олена'] };
        const answer = answered(await send({ event: 'newCall', ...call }, 'form'), { action: 'reject', reason: 'busy' });
        assert.equal(answer.outcome, 'refused');
        assert.match(answer.reason, /заблоковано/);
        assert.equal(answer.callId, undefined);
        const [kept] = await keptOf('zb-1', 'newCall');
        assert.equal(kept!.outcome, 'refused');
        assert.equal(kept!.reason, answer.reason);
        assert.equal(kept!.call_id, null);
        assert.equal(kept!.payload.zammad.from, '380931234567');
        assert.equal(await t.db.selectFrom('calls').select('id').where('pbx_call_id', '=', 'zb-1').executeTakeFirst(), undefined, 'no call rings an operator');
        const audit = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_type', '=', 'pbx_event').execute();
        assert.deepEqual(audit.filter((a) => a.changes.pbxEventId === 'zammad:zb-1:newCall').map((a) => a.action), ['refused']);

        const again = answered(await send({ event: 'newCall', ...call }, 'json'), { action: 'reject', reason: 'busy' });
        assert.equal(again.outcome, 'duplicate');
        // The exchange then hangs up, as Zammad's documentation asks; that is heard as ever.
        answered(await send({ event: 'hangup', ...call, cause: 'busy' }, 'form'));
        assert.deepEqual((await keptOf('zb-1', 'newCall')).map((row) => row.outcome).sort(), ['duplicate', 'refused']);
      });

      test('the number is recognised however the exchange writes it; a call out to it, or a number not blocked, is not rejected', async () => {
        for (const [n, from] of ['+380931234567', '0931234567', '+38 (093) 123-45-67'].entries()) {
          answered(await send({ event: 'newCall', from, to: '1017', direction: 'in', callId: `zb-w${n}` }, 'json'), { action: 'reject', reason: 'busy' });
        }
        assert.equal(answered(await send({ event: 'newCall', from: '1017', to: '0931234567', direction: 'out', callId: 'zb-out' }, 'form')).outcome, 'applied');
        assert.equal(answered(await send({ event: 'newCall', from: '0931234568', to: '1017', direction: 'in', callId: 'zb-other' }, 'form')).outcome, 'applied');
        assert.equal(answered(await send({ event: 'newCall', from: 'anonymous', to: '1017', direction: 'in', callId: 'zb-anon' }, 'form')).outcome, 'applied');
      });

      test('unblocked, the number\'s calls are taken again', async () => {
        assert.equal((await t.as.admin.request('DELETE', `/api/v1/settings/blocked-numbers/${encodeURIComponent(blocked)}`)).statusCode, 204);
        assert.equal(answered(await send({ event: 'newCall', from: '0931234567', to: '1017', direction: 'in', callId: 'zb-2' }, 'form')).outcome, 'applied');
      });
    });
  });
}
