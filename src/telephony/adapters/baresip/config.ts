// The configuration baresip needs to act for Dovira: the survey endpoint, the callback dialler, or
// (in tests) a caller's, citizen's or operator's phone. Written as baresip's own `config` and
// `accounts` files; start it with `baresip -f <folder>`.
//
// Facts of baresip 1.0 that shape it: the aufile source ends the call when its WAV runs out (so
// every WAV Dovira plays is padded with silence and replaced before it ends); a WAV must have the
// call's exact format (16-bit PCM, 8000 Hz, mono for G.711); RFC 2833 keypad digits are only sent
// while the audio source produces frames; an incoming REFER is refused unless the account allows
// call transfer.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The audio format of every call and every WAV: G.711 (PCMU/PCMA) is 8000 Hz mono. */
export const CALL_AUDIO = { sampleRate: 8000, channels: 1, bitsPerSample: 16 } as const;

export interface BaresipSetup {
  /** SIP address to listen on, e.g. 127.0.0.1:5080. */
  sipListen: string;
  /** ctrl_tcp address Dovira connects to, e.g. 127.0.0.1:4444. */
  ctrlListen: string;
  /** The user part of the account's SIP address (the SIP URI user calls are addressed to). */
  user: string;
  /** The host of the account's SIP address; defaults to sipListen. */
  domain?: string;
  /** From display name of the calls it makes. */
  displayName?: string;
  /** 'manual': incoming calls wait for an `accept` command; 'auto': answered at once. */
  answerMode: 'manual' | 'auto';
  /** Follow a REFER (be transferred by the far end). */
  allowTransfer?: boolean;
  /** e.g. 'aufile,/path/to.wav' or 'aubridge,quiet' (a source producing no frames). */
  audioSource: string;
  /** RTP port range. */
  rtpPorts?: [number, number];
  /** Local IP address to use for SIP and RTP (the address in SDP). */
  localAddress?: string;
  /** More concurrent calls are refused with 486 Busy Here. */
  maxCalls?: number;
  /** Where baresip's modules are (Debian: /usr/lib/baresip/modules). */
  modulePath?: string;
}

export interface BaresipFiles {
  config: string;
  accounts: string;
}

export function baresipFiles(setup: BaresipSetup): BaresipFiles {
  const [rtpMin, rtpMax] = setup.rtpPorts ?? [10000, 20000];
  const lines = [
    `sip_listen\t\t${setup.sipListen}`,
    ...(setup.localAddress ? [`net_interface\t\t${setup.localAddress}`] : []),
    `call_local_timeout\t120`,
    `call_max_calls\t\t${setup.maxCalls ?? 1}`,
    // Nothing is played to a loudspeaker: received audio goes to a bridge device nobody reads.
    `audio_player\t\taubridge,dovira-nowhere`,
    `audio_alert\t\taubridge,dovira-nowhere`,
    `audio_source\t\t${setup.audioSource}`,
    `audio_srate\t\t${CALL_AUDIO.sampleRate}`,
    `audio_channels\t\t${CALL_AUDIO.channels}`,
    `rtp_ports\t\t${rtpMin}-${rtpMax}`,
    `module_path\t\t${setup.modulePath ?? '/usr/lib/baresip/modules'}`,
    'module\t\t\tg711.so',
    'module\t\t\taufile.so',
    'module\t\t\taubridge.so',
    'module_app\t\taccount.so',
    'module_app\t\tmenu.so',
    'module_app\t\tctrl_tcp.so',
    `ctrl_tcp_listen\t\t${setup.ctrlListen}`,
    '',
  ];
  const name = setup.displayName === undefined ? '' : `"${setup.displayName.replace(/["\\\r\n]/g, '')}" `;
  const params = ['regint=0', `answermode=${setup.answerMode}`, ...(setup.allowTransfer ? ['call_transfer=yes'] : [])];
  const accounts = `${name}<sip:${setup.user}@${setup.domain ?? setup.sipListen}>;${params.join(';')}\n`;
  return { config: lines.join('\n'), accounts };
}

/** Writes `config` and `accounts` into the folder (created if missing). */
export function writeBaresipFiles(folder: string, setup: BaresipSetup): void {
  mkdirSync(folder, { recursive: true });
  const files = baresipFiles(setup);
  writeFileSync(path.join(folder, 'config'), files.config);
  writeFileSync(path.join(folder, 'accounts'), files.accounts);
}
