// Netstrings (`<length>:<bytes>,`): how kamailio's evapi module (modparam netstring_format=1) and
// baresip's ctrl_tcp module frame each message, both ways. The length counts bytes, not
// characters: Ukrainian text is UTF-8.

/** Frames one message. */
export function encodeNetstring(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body, Buffer.from(',', 'ascii')]);
}

export class NetstringError extends Error {}

const COLON = 0x3a;
const COMMA = 0x2c;
const MAX_DIGITS = 7;

/**
 * Collects bytes as they arrive and hands back whole messages. Whitespace between messages is
 * skipped, as evapi's own parser does (baresip sends none). A stream that breaks the framing cannot be resynchronised,
 * so push() throws and the caller drops the connection.
 */
export class NetstringDecoder {
  #buffer: Buffer = Buffer.alloc(0);
  readonly #maxLength: number;

  constructor(maxLength = 256 * 1024) {
    this.#maxLength = maxLength;
  }

  push(chunk: Buffer): string[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const messages: string[] = [];
    for (;;) {
      let start = 0;
      while (start < this.#buffer.length && /\s/.test(String.fromCharCode(this.#buffer[start]!))) start++;
      this.#buffer = this.#buffer.subarray(start);
      if (this.#buffer.length === 0) break;
      const colon = this.#buffer.indexOf(COLON);
      const header = this.#buffer.subarray(0, colon === -1 ? this.#buffer.length : colon).toString('latin1');
      if (!/^\d*$/.test(header) || header.length > MAX_DIGITS) throw new NetstringError('netstring: очікувалася довжина повідомлення');
      if (colon === -1) break;
      if (header === '' || (header.length > 1 && header.startsWith('0'))) throw new NetstringError('netstring: некоректна довжина повідомлення');
      const length = Number(header);
      if (length > this.#maxLength) throw new NetstringError(`netstring: повідомлення довше за ${this.#maxLength} байтів`);
      const end = colon + 1 + length;
      if (this.#buffer.length < end + 1) break;
      if (this.#buffer[end] !== COMMA) throw new NetstringError('netstring: повідомлення не закінчується комою');
      messages.push(this.#buffer.subarray(colon + 1, end).toString('utf8'));
      this.#buffer = this.#buffer.subarray(end + 1);
    }
    return messages;
  }
}
