// Netstrings (`<length>:<bytes>,`), the framing baresip's ctrl_tcp module puts around each JSON
// command, response and event. The length counts bytes, not characters: Ukrainian text is UTF-8.

/** Frames one message. */
export function encodeNetstring(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body, Buffer.from(',', 'ascii')]);
}

export class NetstringError extends Error {}

/**
 * Collects bytes as they arrive from the socket and hands back whole messages. A stream that breaks
 * the framing cannot be resynchronised, so the decoder throws and the connection is dropped.
 */
export class NetstringDecoder {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly maxLength: number;

  constructor(maxLength = 1024 * 1024) {
    this.maxLength = maxLength;
  }

  push(chunk: Buffer): string[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: string[] = [];
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon === -1) {
        // Up to 7 digits and no colon yet: wait for more; anything else is not a length.
        if (this.buffer.length > 7 || !/^\d*$/.test(this.buffer.toString('ascii'))) throw new NetstringError('netstring: очікувалася довжина повідомлення');
        break;
      }
      const header = this.buffer.subarray(0, colon).toString('ascii');
      if (!/^\d{1,7}$/.test(header) || (header.length > 1 && header.startsWith('0'))) throw new NetstringError('netstring: некоректна довжина повідомлення');
      const length = Number(header);
      if (length > this.maxLength) throw new NetstringError(`netstring: повідомлення довше за ${this.maxLength} байтів`);
      const end = colon + 1 + length;
      if (this.buffer.length < end + 1) break;
      if (this.buffer[end] !== 0x2c) throw new NetstringError('netstring: повідомлення не закінчується комою');
      messages.push(this.buffer.subarray(colon + 1, end).toString('utf8'));
      this.buffer = this.buffer.subarray(end + 1);
    }
    return messages;
  }
}
