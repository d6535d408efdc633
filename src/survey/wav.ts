// Just enough of WAV (RIFF, 16-bit PCM) to check a prompt has the call's format, to measure it,
// and to pad it with silence: baresip ends a call when the WAV it plays runs out.
import { readFileSync, writeFileSync } from 'node:fs';

export interface PcmFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
}

export interface Wav extends PcmFormat {
  /** The samples, little-endian as in the file. */
  data: Buffer;
}

export class WavError extends Error {}

export function parseWav(file: Buffer): Wav {
  if (file.length < 12 || file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') {
    throw new WavError('це не WAV-файл (немає заголовка RIFF/WAVE)');
  }
  let format: PcmFormat | null = null;
  let data: Buffer | null = null;
  for (let at = 12; at + 8 <= file.length;) {
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    const body = file.subarray(at + 8, Math.min(file.length, at + 8 + size));
    if (id === 'fmt ') {
      if (body.length < 16) throw new WavError('пошкоджений блок fmt');
      const encoding = body.readUInt16LE(0);
      // 1: plain PCM; 0xFFFE: WAVE_FORMAT_EXTENSIBLE, which sox writes for some layouts.
      if (encoding !== 1 && encoding !== 0xfffe) throw new WavError('очікується нестиснений PCM');
      format = { channels: body.readUInt16LE(2), sampleRate: body.readUInt32LE(4), bitsPerSample: body.readUInt16LE(14) };
    } else if (id === 'data') {
      data = body;
    }
    at += 8 + size + (size % 2);
  }
  if (!format) throw new WavError('немає блоку fmt');
  if (!data) throw new WavError('немає блоку data');
  return { ...format, data };
}

export function encodeWav(wav: Wav): Buffer {
  const header = Buffer.alloc(44);
  const blockAlign = (wav.channels * wav.bitsPerSample) / 8;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + wav.data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(wav.channels, 22);
  header.writeUInt32LE(wav.sampleRate, 24);
  header.writeUInt32LE(wav.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(wav.bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(wav.data.length, 40);
  return Buffer.concat([header, wav.data]);
}

export function durationMs(wav: Wav): number {
  const bytesPerSecond = (wav.sampleRate * wav.channels * wav.bitsPerSample) / 8;
  return Math.round((wav.data.length / bytesPerSecond) * 1000);
}

/** The same sound followed by `silenceMs` of silence. */
export function padWithSilence(wav: Wav, silenceMs: number): Wav {
  const frameBytes = (wav.channels * wav.bitsPerSample) / 8;
  const frames = Math.round((wav.sampleRate * silenceMs) / 1000);
  return { ...wav, data: Buffer.concat([wav.data, Buffer.alloc(frames * frameBytes)]) };
}

/** Why the WAV does not have the expected format, or null when it does. */
export function formatMismatch(wav: PcmFormat, expected: PcmFormat): string | null {
  if (wav.sampleRate === expected.sampleRate && wav.channels === expected.channels && wav.bitsPerSample === expected.bitsPerSample) return null;
  return `формат ${wav.bitsPerSample} біт, ${wav.sampleRate} Гц, каналів: ${wav.channels}; потрібно ${expected.bitsPerSample} біт, ${expected.sampleRate} Гц, каналів: ${expected.channels}`;
}

export function readWav(file: string): Wav {
  return parseWav(readFileSync(file));
}

export function writeWav(file: string, wav: Wav): void {
  writeFileSync(file, encodeWav(wav));
}
