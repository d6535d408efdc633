// What the operator says, line by line (B2). Each line names the step and requirement it
// fulfils and, where the Standard prescribes words, the exact published phrase, so scoring
// can check the same text the operator was shown.

import type { RequirementId } from './requirements.ts';
import type { CallStepId } from './steps.ts';
import type { DayPeriod, PhraseSource } from './phrases.ts';
import type { GreetingBoundaries } from './greeting.ts';
import { greeting } from './greeting.ts';
import {
  APOLOGY_PHRASES,
  ASK_FORM_OF_ADDRESS,
  BAD_AUDIO_PHRASE,
  CLOSING_PHRASE,
  DOVIRA_WORDING,
  INTRODUCTION_TEMPLATE,
  OFFER_HELP,
} from './phrases.ts';

export interface ScriptLine {
  readonly step: CallStepId;
  readonly requirement: RequirementId;
  /** What the operator says. */
  readonly text: string;
  /** 'standard' when the Standard prescribes the words; 'dovira' for our own wording. */
  readonly source: PhraseSource;
  /** The exact published phrase or template behind the line, when there is one. */
  readonly publishedPhrase?: string;
}

export interface OpeningScriptInput {
  readonly instant: Date;
  readonly operatorNumber: number | string;
  readonly operatorFullName: string;
  /** G4: how the caller asked to be addressed, e.g. «Пане Іване»; absent until they answer. */
  readonly formOfAddress?: string;
  readonly boundaries?: GreetingBoundaries;
}

export interface OpeningScript {
  readonly period: DayPeriod;
  readonly lines: readonly ScriptLine[];
}

/** G2-G5: greeting, introduction, asking the form of address, offering help — in this order. */
export function openingScript(input: OpeningScriptInput): OpeningScript {
  const { period, phrase } = greeting(input.instant, input.boundaries);
  const address = cleanFormOfAddress(input.formOfAddress);
  return {
    period,
    lines: [
      { step: 'greeted', requirement: 'G2', text: phrase, source: 'standard', publishedPhrase: phrase },
      {
        step: 'introduced',
        requirement: 'G3',
        text: introduction(input.operatorNumber, input.operatorFullName),
        source: 'standard',
        publishedPhrase: INTRODUCTION_TEMPLATE,
      },
      {
        step: 'form_of_address_asked',
        requirement: 'G4',
        text: ASK_FORM_OF_ADDRESS,
        source: 'standard',
        publishedPhrase: ASK_FORM_OF_ADDRESS,
      },
      {
        step: 'help_offered',
        requirement: 'G5',
        text: addressed(OFFER_HELP, address),
        source: 'standard',
        publishedPhrase: OFFER_HELP,
      },
    ],
  };
}

/** G3: «Оператор № 17, Олена Петрівна Коваленко», following the example form. */
export function introduction(operatorNumber: number | string, operatorFullName: string): string {
  const number = String(operatorNumber).trim();
  const name = operatorFullName.trim().replace(/\s+/g, ' ');
  if (!/^\d+$/.test(number)) {
    throw new RangeError(`introduction: operator number must be digits, got '${String(operatorNumber)}'`);
  }
  if (name === '') throw new RangeError('introduction: operator full name is empty');
  return `Оператор № ${number}, ${name}`;
}

/**
 * G4: once the caller's form of address is known, lines start with it:
 * addressed('Чим можу Вам допомогти?', 'пане Іване') → 'Пане Іване, чим можу Вам допомогти?'.
 * Without a form of address the text is returned unchanged.
 */
export function addressed(text: string, formOfAddress?: string): string {
  const address = cleanFormOfAddress(formOfAddress);
  if (address === undefined) return text;
  return `${capitalise(address)}, ${text.charAt(0).toLocaleLowerCase('uk')}${text.slice(1)}`;
}

export interface ClosingScriptInput {
  readonly formOfAddress?: string;
}

/** C3 then C4. C4 stays exactly as published; the C3 check is Dovira's wording. */
export function closingScript(input: ClosingScriptInput = {}): readonly ScriptLine[] {
  return [
    {
      step: 'understanding_confirmed',
      requirement: 'C3',
      text: addressed(DOVIRA_WORDING.understandingCheck, input.formOfAddress),
      source: 'dovira',
    },
    { step: 'closing_phrase_said', requirement: 'C4', text: CLOSING_PHRASE, source: 'standard', publishedPhrase: CLOSING_PHRASE },
  ];
}

/** T1 attempt to reach the caller, then T2 (only once badAudioMayEnd says 10 s have passed). */
export function badAudioScript(): readonly ScriptLine[] {
  return [
    { step: 'contact_attempted', requirement: 'T1', text: DOVIRA_WORDING.badAudioTry, source: 'dovira' },
    {
      step: 'bad_audio_phrase_said',
      requirement: 'T2',
      text: BAD_AUDIO_PHRASE,
      source: 'standard',
      publishedPhrase: BAD_AUDIO_PHRASE,
    },
  ];
}

/** Lines for a hold (H1-H5), all Dovira's wording: the Standard prescribes the actions only. */
export function holdScript(formOfAddress?: string): {
  readonly request: ScriptLine;
  readonly returnFromHold: ScriptLine;
  readonly callbackOffer: ScriptLine;
  readonly transfer: ScriptLine;
} {
  return {
    request: {
      step: 'hold_agreed',
      requirement: 'H1',
      text: addressed(DOVIRA_WORDING.holdRequest, formOfAddress),
      source: 'dovira',
    },
    returnFromHold: {
      step: 'hold_within_limit',
      requirement: 'H5',
      text: addressed(DOVIRA_WORDING.holdReturn, formOfAddress),
      source: 'dovira',
    },
    callbackOffer: { step: 'called_back', requirement: 'H3', text: DOVIRA_WORDING.callbackOffer, source: 'dovira' },
    transfer: { step: 'transferred', requirement: 'H4', text: DOVIRA_WORDING.transferNotice, source: 'dovira' },
  };
}

/** C1: polite explanation for a request outside the judiciary's powers (Dovira's wording). */
export function outsidePowersLine(formOfAddress?: string): ScriptLine {
  return {
    step: 'outside_powers_explained',
    requirement: 'C1',
    text: addressed(DOVIRA_WORDING.outsidePowers, formOfAddress),
    source: 'dovira',
  };
}

/** D2: the two published apology phrases. */
export function apologyLines(): readonly ScriptLine[] {
  return APOLOGY_PHRASES.map((phrase): ScriptLine => ({
    step: 'apologised',
    requirement: 'D2',
    text: phrase,
    source: 'standard',
    publishedPhrase: phrase,
  }));
}

/** D3: warning, then the words for ending the call (both Dovira's wording). */
export function abuseLines(): readonly ScriptLine[] {
  return [
    { step: 'abuse_warned', requirement: 'D3', text: DOVIRA_WORDING.abuseWarning, source: 'dovira' },
    { step: 'abuse_warned', requirement: 'D3', text: DOVIRA_WORDING.abuseEnding, source: 'dovira' },
  ];
}

function cleanFormOfAddress(formOfAddress: string | undefined): string | undefined {
  const cleaned = formOfAddress?.trim().replace(/\s+/g, ' ').replace(/(?<![,.!?])[,.!?]+$/, '');
  return cleaned === undefined || cleaned === '' ? undefined : cleaned;
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('uk') + text.slice(1);
}
