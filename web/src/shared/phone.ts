// Phone numbers as people read them. The server stores E.164 (src/phones/numbers.ts reads and checks
// them with the full metadata); the browser only formats, with the smallest metadata that knows
// every country's grouping.
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/** A Ukrainian number in its national form (044 123 4567), any other in the international one (+49 30 55571600). */
export function displayPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.country === 'UA' ? parsed.formatNational() : parsed.formatInternational();
}

/** What a call shows for its caller: the number, «Номер приховано», or `unknown` when the exchange told none. */
export function callerText(call: { callerPhone: string | null; callerWithheld: boolean }, words: { withheld: string; unknown: string }): string {
  if (call.callerPhone !== null) return displayPhone(call.callerPhone);
  return call.callerWithheld ? words.withheld : words.unknown;
}
