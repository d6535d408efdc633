// For tests: a real SMTP server on 127.0.0.1 that keeps what it receives, decoded enough to read
// (encoded-word subjects, quoted-printable and base64 parts of a multipart message).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The SMTP envelope's recipients. */
  to: string[];
  headers: Map<string, string>;
  subject: string;
  messageId: string;
  text: string;
  html: string;
  /** Parts that are neither the text nor the HTML (e.g. a PDF), as bytes. */
  attachments: { contentType: string; filename: string; content: Buffer }[];
  raw: string;
}

export interface TestInbox {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** Recipients this server refuses with 550 (a mailbox that does not exist). */
  refuse: Set<string>;
  close(): Promise<void>;
}

/** Listens on `port`, or on a free one when it is 0. */
export async function startTestInbox(port = 0): Promise<TestInbox> {
  const messages: ReceivedMail[] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refuse.has(address.address)) return callback();
      const error = Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 });
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        messages.push({ ...parseMessage(raw), to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback(null, 'Message queued as test-' + messages.length);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const listening = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
  return {
    port: listening,
    url: `smtp://127.0.0.1:${listening}`,
    messages,
    refuse,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseMessage(raw: string): Omit<ReceivedMail, 'to' | 'raw'> {
  const parts: Part[] = [];
  const headers = collectParts(raw, parts);
  return {
    headers,
    subject: decodeWords(headers.get('subject') ?? ''),
    messageId: headers.get('message-id') ?? '',
    text: parts.find((p) => p.type === 'text/plain')?.body ?? '',
    html: parts.find((p) => p.type === 'text/html')?.body ?? '',
    attachments: parts.filter((p) => p.filename !== null).map((p) => ({ contentType: p.type, filename: p.filename!, content: p.bytes })),
  };
}

/** Walks a MIME entity, pushing its decoded leaves; returns the entity's headers. */
interface Part {
  type: string;
  body: string;
  bytes: Buffer;
  filename: string | null;
}

function collectParts(entity: string, into: Part[]): Map<string, string> {
  const split = entity.indexOf('\r\n\r\n');
  const head = split < 0 ? entity : entity.slice(0, split);
  const body = split < 0 ? '' : entity.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const contentType = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (contentType.toLowerCase().startsWith('multipart/') && boundary) {
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      collectParts(section.replace(/^\r\n/, '').replace(/\r\n$/, ''), into);
    }
  } else {
    const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
    const bytes = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable' ? quotedPrintable(body)
        : Buffer.from(body, 'latin1');
    const disposition = headers.get('content-disposition') ?? '';
    const filename = /^attachment/i.test(disposition) ? decodeWords(/filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? '') : null;
    into.push({ type: contentType.split(';')[0]!.trim().toLowerCase(), body: bytes.toString('utf8'), bytes, filename });
  }
  return headers;
}

function quotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(joined.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047: adjacent encoded words join without the space between them (and may split a character). */
function decodeWords(value: string): string {
  const word = /=\?[^?]+\?([BbQq])\?([^?]*)\?=/g;
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/(?:=\?[^?]+\?[BbQq]\?[^?]*\?=)+/g, (run) => Buffer.concat([...run.matchAll(word)].map(([, kind, data]) =>
      kind!.toUpperCase() === 'B' ? Buffer.from(data!, 'base64') : quotedPrintable(data!.replace(/_/g, ' ')))).toString('utf8'));
}
