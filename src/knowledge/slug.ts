// An article's address made from its title, by the official Ukrainian-Latin transliteration
// (Resolution of the Cabinet of Ministers of Ukraine No. 55 of 27 January 2010).

const LETTERS: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'i', й: 'i',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'shch', ь: '', ю: 'iu', я: 'ia',
};
// At the start of a word these four are written differently.
const WORD_START: Record<string, string> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };

const MAX_SLUG_LENGTH = 80;

export function transliterate(text: string): string {
  let out = '';
  let previous = '';
  for (const letter of text.normalize('NFC').toLowerCase().replace(/['’ʼ`]/g, '')) {
    const wordStart = !/\p{L}/u.test(previous);
    if (letter === 'г' && previous === 'з') out += 'gh'; // зг → zgh, so that it is not read as ж
    else out += (wordStart ? WORD_START[letter] : undefined) ?? LETTERS[letter] ?? letter;
    previous = letter;
  }
  return out;
}

/** A slug such as `stan-rozghliadu-spravy`; never empty, at most 80 characters. */
export function slugFromTitle(title: string): string {
  // (?<!-): trailing dashes are tried once from the first of them, not from each one.
  let slug = transliterate(title).replace(/[^a-z0-9]+/g, '-').replace(/^-+|(?<!-)-+$/g, '');
  if (slug.length > MAX_SLUG_LENGTH) slug = slug.slice(0, MAX_SLUG_LENGTH).replace(/-[^-]*$/, '') || slug.slice(0, MAX_SLUG_LENGTH);
  slug = slug.replace(/(?<!-)-+$/, '');
  // Too short, or shaped like an id (articles are also read by id): prefixed with «стаття».
  const usable = slug.length >= 3 && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(slug);
  return usable ? slug : `stattia${slug ? `-${slug}` : ''}`;
}
