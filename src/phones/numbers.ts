// Phone numbers of every country, stored in E.164 (+ country code and number, digits only:
// +380441234567, +493055571600). Two readers, because people and exchanges write numbers
// differently: a person types a Ukrainian number as it is dialled at home (0XX…) and a foreign one
// with its country code; an exchange also sends international numbers with no «+» at all, says a
// number is withheld in words, and names its own short internal numbers (extensions).
//
// Validity comes from libphonenumber-js with its full metadata (number ranges of every country),
// so a number of the right length in a range no country uses is refused, not stored.
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';

/** What the exchange said of a party: a number, a number withheld by the caller, or nothing usable. */
export type ExchangeParty =
  | { kind: 'phone'; e164: string }
  | { kind: 'withheld' }
  | { kind: 'none' };

export const WITHHELD_PARTY: ExchangeParty = { kind: 'withheld' };
const NO_PARTY: ExchangeParty = { kind: 'none' };

// Longer than any number written with its spaces and brackets: refused before any other work.
const MAX_LENGTH = 40;
// Digits, one «+» at the start, and the separators people write between groups (the no-break spaces
// come with numbers copied from documents).
const WRITTEN = /^\+?[0-9 \u00a0\u2009\u202f().\-/]+$/;
// How exchanges say the caller hid the number (SIP's «anonymous», Asterisk's «Anonymous»,
// carriers' «Restricted», «Private», «Withheld», Zammad's «unknown»); no number at all means the same.
const WITHHELD_WORDS = new Set(['', 'anonymous', 'unknown', 'restricted', 'private', 'withheld']);

function validE164(international: string): string | null {
  const parsed: PhoneNumber | undefined = parsePhoneNumberFromString(international);
  return parsed?.isValid() ? parsed.number : null;
}

/** The digits of a written number, and whether it began with «+»; null when it is not written as a number. */
function writtenDigits(input: string): { plus: boolean; digits: string } | null {
  if (input.length > MAX_LENGTH) return null;
  const trimmed = input.trim();
  if (!WRITTEN.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  return digits === '' ? null : { plus: trimmed.startsWith('+'), digits };
}

/** A Ukrainian number as dialled at home (0XX XXX XX XX) or with its code but no «+» (380…). */
function ukrainian(digits: string): string | null {
  if (digits.length === 10 && digits.startsWith('0')) return validE164(`+38${digits}`);
  if (digits.length === 12 && digits.startsWith('380')) return validE164(`+${digits}`);
  return null;
}

/** How a refusal of a typed number tells what is accepted, after the field's name. */
export const PHONE_FORMATS = 'вкажіть номер у форматі 0XX XXX XX XX або з кодом країни, напр. +49 30 5557 1600';

/**
 * A number as a person types it (the appeal form, a callback, a caller lookup): a Ukrainian one in
 * its national form 0XX XXX XX XX or with 380 / +380, a foreign one with «+» or «00» and its country
 * code, with any spaces, dashes, brackets or dots. E.164, or null when it is no valid number.
 */
export function readTypedPhone(input: string): string | null {
  const written = writtenDigits(input);
  if (!written) return null;
  const { plus, digits } = written;
  if (plus) return validE164(`+${digits}`);
  if (digits.startsWith('00')) return validE164(`+${digits.slice(2)}`);
  return ukrainian(digits);
}

/**
 * A party as an exchange sends it (a call's caller or callee, a SIP URI's user part): what a person
 * may type, and also an international number without «+» (493055571600) — a number that is not a
 * valid Ukrainian one but is valid with «+» before it. Withheld numbers are told apart from no
 * number; an extension (1017) or anything else that is no valid number is `none`.
 */
export function readExchangeParty(input: string): ExchangeParty {
  if (input.length > MAX_LENGTH) return NO_PARTY;
  const word = input.trim().toLowerCase();
  if (WITHHELD_WORDS.has(word)) return WITHHELD_PARTY;
  const typed = readTypedPhone(input);
  if (typed !== null) return { kind: 'phone', e164: typed };
  const written = writtenDigits(input);
  const international = written && !written.plus ? validE164(`+${written.digits}`) : null;
  return international === null ? NO_PARTY : { kind: 'phone', e164: international };
}

/** The E.164 number of what the exchange sent, or null (withheld, an extension, nothing usable). */
export function exchangePhone(party: ExchangeParty): string | null {
  return party.kind === 'phone' ? party.e164 : null;
}

/**
 * A stored number as people read it: a Ukrainian one in its national form (044 123 4567,
 * 067 123 4567), any other in the international form (+49 30 55571600). Anything that does not
 * parse is shown as it is.
 */
export function displayPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'UA' ? parsed.formatNational() : parsed.formatInternational();
}
