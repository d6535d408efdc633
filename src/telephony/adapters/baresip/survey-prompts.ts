// The survey's spoken prompts (Q1). Generated from Ukrainian text with espeak-ng and converted by
// sox to the call's format (`npm run build:prompts`, into the data folder: no binaries in the
// repository), or replaced by recorded WAVs through DOVIRA_SURVEY_PROMPT_WAV / _THANKS_WAV.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CALL_AUDIO } from './config.ts';

const run = promisify(execFile);

export const SURVEY_PROMPT_TEXTS = {
  prompt: 'Оцініть, будь ласка, якість спілкування з оператором контакт-центру: натисніть цифру від одного до п’яти, '
    + 'де п’ять — відмінно, а один — дуже погано.',
  thanks: 'Дякуємо! До побачення.',
} as const;

export type SurveyPromptName = keyof typeof SURVEY_PROMPT_TEXTS;

export const PROMPT_FILES: Record<SurveyPromptName, string> = {
  prompt: 'survey-prompt.wav',
  thanks: 'survey-thanks.wav',
};

/** The generated prompts' folder under the data folder. */
export function promptsFolder(dataDir: string): string {
  return path.resolve(dataDir, 'prompts');
}

/** Why prompts cannot be generated here (a missing program), or undefined when they can. */
export async function promptToolsMissing(): Promise<string | undefined> {
  for (const [program, args, pkg] of [['espeak-ng', ['--version'], 'espeak-ng'], ['sox', ['--version'], 'sox']] as const) {
    try {
      await run(program, [...args], { timeout: 10_000 });
    } catch {
      return `немає програми ${program} (apt-get install ${pkg})`;
    }
  }
  return undefined;
}

/** Speaks one text into a WAV of the call's format. */
export async function speak(text: string, file: string): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'dovira-prompt-'));
  try {
    const raw = path.join(work, 'raw.wav');
    await run('espeak-ng', ['-v', 'uk', '-s', '140', '-w', raw, text], { timeout: 60_000 });
    // Normalised a little below full scale: resampling must not clip.
    await run('sox', [raw, '-r', String(CALL_AUDIO.sampleRate), '-c', String(CALL_AUDIO.channels), '-b', String(CALL_AUDIO.bitsPerSample),
      '-e', 'signed-integer', file, 'gain', '-n', '-3'], { timeout: 60_000 });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Writes every prompt into `folder`; with `onlyMissing`, keeps those already there. Returns the files written. */
export async function buildPrompts(folder: string, onlyMissing = false): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const name of Object.keys(SURVEY_PROMPT_TEXTS) as SurveyPromptName[]) {
    const file = path.join(folder, PROMPT_FILES[name]);
    if (onlyMissing && existsSync(file)) continue;
    await speak(SURVEY_PROMPT_TEXTS[name], file);
    written.push(file);
  }
  return written;
}
