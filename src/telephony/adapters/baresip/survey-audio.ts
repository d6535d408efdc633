// The WAVs the survey endpoint plays, made ready at start: the prompt and the thanks, generated or
// recorded, checked for the call's format and padded with silence (baresip ends a call when its
// WAV runs out, so the prompt carries the pause in which the caller presses a key).
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { CALL_AUDIO } from './config.ts';
import { buildPrompts, PROMPT_FILES, promptToolsMissing, promptsFolder, type SurveyPromptName } from './survey-prompts.ts';
import { durationMs, formatMismatch, padWithSilence, readWav, WavError, writeWav } from '../../../survey/wav.ts';

export interface PlayFile {
  /** Absolute path, as baresip (on the same machine) opens it. */
  file: string;
  /** How long the sound itself lasts, without the padding. */
  durationMs: number;
}

export type SurveyAudio = Record<SurveyPromptName, PlayFile>;

export interface SurveyAudioOptions {
  dataDir: string;
  /** Recorded WAVs instead of the generated ones. */
  promptWav?: string | undefined;
  thanksWav?: string | undefined;
  /** The pause after the prompt in which a key is awaited. */
  keyTimeoutMs: number;
}

/** Silence beyond what Dovira waits for, so the file never runs out before Dovira acts. */
const SAFETY_MS = 3000;
/** baresip copies a command into a 256-byte buffer; `ausrc aufile,` takes 13 of them. */
const MAX_PATH_BYTES = 230;

export async function prepareSurveyAudio(options: SurveyAudioOptions): Promise<SurveyAudio> {
  const generated = promptsFolder(options.dataDir);
  const sources: Record<SurveyPromptName, string> = {
    prompt: options.promptWav ?? path.join(generated, PROMPT_FILES.prompt),
    thanks: options.thanksWav ?? path.join(generated, PROMPT_FILES.thanks),
  };
  if ((!options.promptWav || !options.thanksWav) && !Object.values(sources).every((file) => existsSync(file))) {
    const missing = await promptToolsMissing();
    if (missing) throw new Error(`Підказки опитування ще не створено, а створити їх не можна: ${missing}. Запустіть npm run build:prompts або задайте DOVIRA_SURVEY_PROMPT_WAV і DOVIRA_SURVEY_THANKS_WAV`);
    await buildPrompts(generated, true);
  }
  const playFolder = path.join(generated, 'play');
  mkdirSync(playFolder, { recursive: true });
  const audio = {} as SurveyAudio;
  for (const name of Object.keys(sources) as SurveyPromptName[]) {
    const source = sources[name];
    let wav;
    try {
      wav = readWav(source);
    } catch (error) {
      const why = error instanceof WavError ? error.message : 'файл не вдалося прочитати';
      throw new Error(`Підказка опитування ${source}: ${why}`, { cause: error });
    }
    const mismatch = formatMismatch(wav, CALL_AUDIO);
    if (mismatch) {
      throw new Error(`Підказка опитування ${source}: ${mismatch}. Перетворіть її: sox ВХІД.wav -r ${CALL_AUDIO.sampleRate} -c ${CALL_AUDIO.channels} -b ${CALL_AUDIO.bitsPerSample} ВИХІД.wav`);
    }
    const pause = name === 'prompt' ? options.keyTimeoutMs + SAFETY_MS : SAFETY_MS;
    const file = path.resolve(playFolder, PROMPT_FILES[name]);
    if (Buffer.byteLength(file) > MAX_PATH_BYTES) throw new Error(`Шлях до підказок опитування задовгий для baresip (понад ${MAX_PATH_BYTES} байтів): ${file}`);
    // Written aside and renamed: baresip never opens a half-written file.
    const partial = `${file}.${process.pid}.part`;
    writeWav(partial, padWithSilence(wav, pause));
    renameSync(partial, file);
    audio[name] = { file, durationMs: durationMs(wav) };
  }
  return audio;
}
