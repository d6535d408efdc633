import { randomInt } from 'node:crypto';

/** «ЄКЦ» — Єдиний контакт-центр: the prefix of every registration number. */
export const REGISTRATION_PREFIX = 'ЄКЦ';

/** `ЄКЦ-2026-000123`: readable on the phone, sequential within a Kyiv calendar year. */
export function formatRegistrationNumber(year: number, sequence: number): string {
  return `${REGISTRATION_PREFIX}-${year}-${String(sequence).padStart(6, '0')}`;
}

// Crockford's base32 without I, L, O, U: nothing to confuse when a citizen reads it out.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The citizen's code for looking up their appeal: 12 random symbols (60 bits), shown as
 * `XXXX-XXXX-XXXX`. Unrelated to the registration number, so one cannot be guessed from the other.
 */
export function newLookupCode(): string {
  let code = '';
  for (let i = 0; i < 12; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** Accepts what a citizen types: lower case, spaces, O for 0, I/L for 1. */
export function normaliseLookupCode(input: string): string | null {
  const symbols = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(symbols)) return null;
  return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}
