// For tests: a local HTTP server that plays the SMS gateway of sms.ts and keeps what it receives.
// Like a gateway that honours the Idempotency-Key header, it sends one SMS per key: a repeat of a
// key it accepted before is answered with the first message's id and sends nothing.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSms {
  authorization: string | undefined;
  idempotencyKey: string | undefined;
  to: string;
  text: string;
}

export interface TestSmsGateway {
  url: string;
  /** What reached the applicants: one message per Idempotency-Key (every message sent without one). */
  messages: ReceivedSms[];
  /** Every request that reached the gateway, refused ones and repeats included. */
  requests: ReceivedSms[];
  /** When set, the gateway answers with this HTTP status instead of accepting. */
  failWith: number | null;
  /** When true, a message is taken (it goes out to the applicant) but its answer waits for release(). */
  holdAnswers: boolean;
  /** Answers waiting for release(). */
  readonly held: number;
  /** Sends every held answer (to a client that may be gone). */
  release(): void;
  close(): Promise<void>;
}

export async function startTestSmsGateway(): Promise<TestSmsGateway> {
  const idsByKey = new Map<string, string>();
  const waiting: (() => void)[] = [];
  const gateway: TestSmsGateway = {
    url: '', messages: [], requests: [], failWith: null, holdAnswers: false,
    get held() { return waiting.length; },
    release: () => { for (const answer of waiting.splice(0)) answer(); },
    close: async () => {},
  };
  const answer = (response: ServerResponse, id: string) => {
    const send = () => { if (!response.destroyed) response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id })); };
    if (gateway.holdAnswers) waiting.push(send);
    else send();
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string; text: string };
      const key = request.headers['idempotency-key'];
      const sms: ReceivedSms = { authorization: request.headers.authorization, idempotencyKey: typeof key === 'string' ? key : undefined, to: body.to, text: body.text };
      gateway.requests.push(sms);
      if (gateway.failWith !== null) {
        response.writeHead(gateway.failWith).end();
        return;
      }
      const earlier = sms.idempotencyKey === undefined ? undefined : idsByKey.get(sms.idempotencyKey);
      if (earlier) {
        answer(response, earlier);
        return;
      }
      gateway.messages.push(sms);
      const id = `sms-${gateway.messages.length}`;
      if (sms.idempotencyKey !== undefined) idsByKey.set(sms.idempotencyKey, id);
      answer(response, id);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  gateway.close = () => new Promise<void>((resolve) => {
    gateway.release();
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return gateway;
}
