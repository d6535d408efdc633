// The telephone exchange as HTTP tests drive it: the demo PBX user's API token and extension 1017
// mapped to the demo operator, posting events through POST /api/v1/telephony/events.
import assert from 'node:assert/strict';
import type { TestApp } from './app.ts';

export interface TestExchange {
  token: string;
  /** Posts one event (a fresh event id each time) and returns what became of it. */
  post(callId: string, type: string, at: Date, fields?: Record<string, unknown>): Promise<{ outcome: string; reason: string }>;
  /** A call offered to extension 1017 at `start` and answered 2 s later; its Dovira id. */
  answeredCall(callId: string, start: Date): Promise<string>;
}

export const plusSeconds = (start: Date, seconds: number) => new Date(start.getTime() + seconds * 1000);

/** `eventPrefix` keeps the event ids of one suite apart from another's on a shared database. */
export async function connectExchange(t: TestApp, eventPrefix: string): Promise<TestExchange> {
  const token = (await t.as.admin.post(`/api/v1/users/${t.as.pbx.userId}/api-tokens`, { name: 'АТС' })).json().token as string;
  const mapped = await t.as.admin.request('PUT', '/api/v1/telephony/extensions/1017', { operatorId: t.as.operator.userId });
  assert.equal(mapped.statusCode, 200, mapped.body);
  let seq = 0;
  const post: TestExchange['post'] = async (callId, type, at, fields = {}) => {
    const response = await t.app.inject({
      method: 'POST', url: '/api/v1/telephony/events', headers: { authorization: `Bearer ${token}` },
      payload: { eventId: `${eventPrefix}${++seq}`, callId, type, timestamp: at.toISOString(), ...fields },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().results[0] as { outcome: string; reason: string };
  };
  const answeredCall: TestExchange['answeredCall'] = async (callId, start) => {
    await post(callId, 'offered', start, { from: '0501234567', to: '1017', direction: 'inbound' });
    await post(callId, 'answered', plusSeconds(start, 2), { extension: '1017' });
    return (await t.db.selectFrom('calls').select('id').where('pbx_call_id', '=', callId).executeTakeFirstOrThrow()).id;
  };
  return { token, post, answeredCall };
}
