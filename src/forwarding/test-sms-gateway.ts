// For tests: a local HTTP server that plays the SMS gateway of sms.ts and keeps what it receives.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSms {
  authorization: string | undefined;
  to: string;
  text: string;
}

export interface TestSmsGateway {
  url: string;
  messages: ReceivedSms[];
  /** When set, the gateway answers with this HTTP status instead of accepting. */
  failWith: number | null;
  close(): Promise<void>;
}

export async function startTestSmsGateway(): Promise<TestSmsGateway> {
  const gateway: TestSmsGateway = { url: '', messages: [], failWith: null, close: async () => {} };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (gateway.failWith !== null) {
        response.writeHead(gateway.failWith).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string; text: string };
      gateway.messages.push({ authorization: request.headers.authorization, to: body.to, text: body.text });
      response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${gateway.messages.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  gateway.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  gateway.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return gateway;
}
