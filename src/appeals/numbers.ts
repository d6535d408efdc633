import { randomInt } from 'node:crypto';

// Registration numbers (`ЄКЦ-2026-000123`, «ЄКЦ» for Єдиний контакт-центр) are made by the database
// when the registering transaction commits: see assign_appeal_number in the first migration.

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
