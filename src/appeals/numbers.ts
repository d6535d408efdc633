import { randomBytes } from 'node:crypto';

// Registration numbers (`ЄКЦ-2026-000123`, «ЄКЦ» for Єдиний контакт-центр) are taken from the yearly
// counter by the statement that registers the appeal (registerAppeals in register.ts).

// Crockford's base32 without I, L, O, U: nothing to confuse when a citizen reads it out.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The citizen's code for looking up their appeal: 12 random symbols (60 bits), shown as
 * `XXXX-XXXX-XXXX`. Unrelated to the registration number, so one cannot be guessed from the other.
 */
export function newLookupCode(): string {
  let code = '';
  // 32 symbols: the low five bits of a random byte pick one, each as likely as the others.
  for (const byte of randomBytes(12)) code += ALPHABET[byte & 31];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}
