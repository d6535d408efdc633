// How the knowledge base reads Ukrainian words (H2). PostgreSQL has no Ukrainian stemmer, so every
// word is normalised and stemmed here, the same way for articles and for what the operator types;
// the database only compares the resulting lexemes. Pure functions: no I/O, no clock.

/** Any apostrophe-like mark inside a word (’ ' ʼ ` ´ ‘ ʹ ′, and " typed by mistake): it is dropped. */
const APOSTROPHES = /['’ʼ`´‘ʹ′"]/g;
const CYRILLIC = /[а-яіїєґё]/;
const LATIN = /[a-z]/;

// Latin letters that look like Cyrillic ones: a word typed with a mixed keyboard («cуд» with a Latin
// c) reads as the Cyrillic word. Words wholly in Latin (court.gov.ua) are left alone.
const LOOKALIKES: Record<string, string> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', i: 'і', k: 'к', m: 'м', o: 'о', p: 'р', t: 'т', x: 'х', y: 'у',
};

// Letters of a Russian keyboard, and ґ, fold into the Ukrainian letters people type for them.
const FOLDS: Record<string, string> = { ґ: 'г', ё: 'е', ы: 'и', э: 'е', ъ: '' };

/**
 * One word as the search compares it: lower case, without stress marks or apostrophes
 * (м'яко, м’яко and мʼяко are one word), Latin look-alikes in a Cyrillic word made Cyrillic,
 * ґ read as г.
 */
export function normaliseWord(word: string): string {
  let text = word.normalize('NFC').toLowerCase().replace(/\p{M}/gu, '').replace(APOSTROPHES, '');
  if (CYRILLIC.test(text) && LATIN.test(text)) text = text.replace(/[a-z]/g, (letter) => LOOKALIKES[letter] ?? letter);
  return text.replace(/[ґёыэъ]/g, (letter) => FOLDS[letter] ?? letter);
}

// Words that say nothing about the matter; they are neither indexed nor required in a query.
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'а', 'але', 'або', 'б', 'би', 'бо', 'в', 'вже', 'ви', 'від', 'він', 'вона', 'вони', 'воно', 'все', 'всі', 'вся',
  'де', 'до', 'є', 'ж', 'же', 'з', 'за', 'зі', 'і', 'із', 'й', 'його', 'її', 'їх', 'коли', 'лише',
  'мене', 'мені', 'ми', 'мій', 'мого', 'моє', 'моєї', 'мої', 'моя', 'на', 'над', 'нам', 'нас', 'не', 'ні', 'о', 'об',
  'по', 'під', 'при', 'про', 'та', 'так', 'також', 'те', 'тим', 'то', 'тобто', 'того', 'тому', 'ту',
  'у', 'хто', 'це', 'цей', 'ці', 'ця', 'цього', 'чи', 'що', 'щоб', 'щодо', 'як', 'яка', 'яке', 'який', 'які', 'якщо', 'я',
  'якого', 'якої', 'якому', 'якій', 'яким', 'якими', 'яких', 'якою', 'яку', 'цієї', 'цим', 'цими', 'цих', 'тих', 'той', 'ті',
  'свій', 'своє', 'своя', 'свої', 'свого', 'своєї', 'свою', 'своїх', 'їй', 'йому', 'ним', 'нею', 'них', 'неї', 'нього', 'ній',
]);

// Endings of Ukrainian nouns, adjectives and the commonest verb forms, longest first. The stemmer
// strips one of them; a light stemmer errs on the side of leaving a word longer.
const ENDINGS: readonly string[] = [
  'ають', 'яють', 'ують', 'юють', 'ього', 'ьому',
  'ами', 'ями', 'ого', 'ому', 'ими', 'іми', 'ать', 'ять', 'уть', 'ють', 'ить', 'іть', 'єть', 'ете', 'єте', 'емо', 'ємо', 'имо', 'ите',
  'ою', 'ею', 'єю', 'ої', 'ій', 'ий', 'ім', 'им', 'их', 'іх', 'ам', 'ям', 'ах', 'ях', 'ом', 'ем', 'єм', 'ів', 'їв', 'ей',
  'ає', 'яє', 'ує', 'ює', 'єш', 'еш', 'иш',
  'а', 'я', 'у', 'ю', 'о', 'е', 'є', 'и', 'і', 'ї', 'й', 'ь',
];

const UKRAINIAN_WORD = /^[а-яіїє]+$/;
// Doubled consonants before -я drop in some forms (звернення → звернень, стаття → статей), and a
// missing double is a common typo; дд is kept so that суддя (judge) stays apart from суд (court).
const DOUBLED_AT_END = /([нтлсчжшцз])\1$/;
const CLOSED_I = /(?<=.)і([бвгджзклмнпрстфхцчшщ]{1,2})$/;

/**
 * The stem of one normalised word: суд, суду, судом, суді, судів → «суд»; справа, справи, справу,
 * справою → «справ»; звернення, зверненню, зверненням, звернень → «звернен». Words that are not
 * Ukrainian (Latin, digits) are returned unchanged. A stem is a search key, not always a real word.
 */
export function stem(word: string): string {
  if (!UKRAINIAN_WORD.test(word)) return word;
  let base = word;
  if (base.length >= 5 && (base.endsWith('ся') || base.endsWith('сь'))) base = base.slice(0, -2);
  for (const ending of ENDINGS) {
    if (!base.endsWith(ending)) continue;
    const rest = base.slice(0, -ending.length);
    // Too little left means the "ending" is part of the root (суть is not с + уть, Київ not ки + їв).
    if (rest.length < (ending.length === 1 ? 2 : 3)) continue;
    base = rest;
    break;
  }
  // апеляція, апеляції, апеляцій: the -і- of -ія nouns goes with the ending.
  if (base.length >= 4 && base.endsWith('і')) base = base.slice(0, -1);
  // збір/збору, рік/року, спосіб/способу: і in the last closed syllable alternates with о, so both
  // are stored as о (every form of a word goes through this, so they still agree).
  return base.replace(DOUBLED_AT_END, '$1').replace(CLOSED_I, 'о$1');
}
