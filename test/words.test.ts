// The words people read on screen, checked across the whole catalogue: one name for each step of
// the Standard, no settings' names, nothing claimed that has not happened yet.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLOSING_PHRASE_SAID } from '../src/standard/phrases.ts';

/** Every text of a catalogue with where it lives; a function's text with placeholder arguments. */
function texts(value: unknown, at = ''): [string, string][] {
  if (typeof value === 'string') return [[at, value]];
  if (typeof value === 'function') return texts((value as (...args: string[]) => unknown)('«1»', '«2»', '«3»'), at);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => texts(inner, at ? `${at}.${key}` : key));
  return [];
}

const PARTS = ['common', 'operator', 'panels', 'supervisor', 'clerk', 'admin'] as const;

async function catalogue(language: 'uk' | 'en'): Promise<Record<string, unknown>> {
  const parts = await Promise.all(PARTS.map(async (part) => {
    const module = await import(new URL(`../web/src/i18n/${language}/${part}.ts`, import.meta.url).href) as Record<string, unknown>;
    return [part, module[part]] as const;
  }));
  return Object.fromEntries(parts);
}

describe('the words on screen', async () => {
  // As web/src/i18n/index.tsx puts them together (that file is React's, not runnable here). Read
  // as data: the web's own typecheck covers their types.
  const uk = texts(await catalogue('uk'));
  const en = texts(await catalogue('en'));

  test('C4 has one name on every screen: the operator’s checklist, the call’s timeline, the supervisor’s, the audit trail', () => {
    const c4 = uk.filter(([where]) => /(^|\.)(closing_phrase_said|closingSaid)$/.test(where));
    assert.ok(c4.length >= 4, c4.map(([where]) => where).join());
    for (const [where, text] of c4) assert.ok(text.startsWith(CLOSING_PHRASE_SAID), `${where}: «${text}»`);
    assert.deepEqual(uk.filter(([, text]) => /прощальн/i.test(text)), [], 'no second name');
    for (const [where, text] of en.filter(([where]) => /(^|\.)(closing_phrase_said|closingSaid)$/.test(where))) assert.match(text, /^Closing phrase said/, where);
  });

  test('no screen names a setting (environment variable): those are for the administrator’s docs and the server log', () => {
    const setting = /\b(DOVIRA_[A-Z_]+|SMTP_URL|MAIL_FROM|SMS_GATEWAY_[A-Z_]+|DATABASE_URL)\b/;
    assert.deepEqual([...uk, ...en].filter(([, text]) => setting.test(text)), []);
  });

  test('A2: a registered appeal says the message to management is queued, not that management was told', () => {
    for (const [where, text] of uk.filter(([where]) => /^operator\.panels\.registered/.test(where))) {
      assert.match(text, /Повідомлення керівництву поставлено в чергу на надсилання \(A2\)/, where);
      assert.doesNotMatch(text, /повідомлено автоматично/, where);
    }
  });
});
