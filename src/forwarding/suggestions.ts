// Which judicial bodies to offer for forwarding an appeal (A3), ranked by simple rules that an
// operator can check: the applicant's region (read from the place of residence, or chosen), the
// kind of body, the kind of appeal. Never the Constitutional Court (not a body of the judiciary).
import { BODY_KINDS, REGIONS, type BodyKind, type RegionCode } from '../courts/kinds.ts';
import type { AppealKind } from '../standard/index.ts';

/** Each oblast by its adjective («Житомирська обл.») and its administrative centre («м. Житомир»). */
const REGION_WORDS: Partial<Record<RegionCode, { adjective?: string; city?: string }>> = {
  crimea: { city: 'Сімферополь' },
  vinnytsia: { adjective: 'Вінницьк', city: 'Вінниця' },
  volyn: { adjective: 'Волинськ', city: 'Луцьк' },
  dnipropetrovsk: { adjective: 'Дніпропетровськ', city: 'Дніпро' },
  donetsk: { adjective: 'Донецьк', city: 'Донецьк' },
  zhytomyr: { adjective: 'Житомирськ', city: 'Житомир' },
  zakarpattia: { adjective: 'Закарпатськ', city: 'Ужгород' },
  zaporizhzhia: { adjective: 'Запорізьк', city: 'Запоріжжя' },
  'ivano-frankivsk': { adjective: 'Івано-Франківськ', city: 'Івано-Франківськ' },
  'kyiv-oblast': { adjective: 'Київськ' },
  kirovohrad: { adjective: 'Кіровоградськ', city: 'Кропивницький' },
  luhansk: { adjective: 'Луганськ', city: 'Луганськ' },
  lviv: { adjective: 'Львівськ', city: 'Львів' },
  mykolaiv: { adjective: 'Миколаївськ', city: 'Миколаїв' },
  odesa: { adjective: 'Одеськ', city: 'Одеса' },
  poltava: { adjective: 'Полтавськ', city: 'Полтава' },
  rivne: { adjective: 'Рівненськ', city: 'Рівне' },
  sumy: { adjective: 'Сумськ', city: 'Суми' },
  ternopil: { adjective: 'Тернопільськ', city: 'Тернопіль' },
  kharkiv: { adjective: 'Харківськ', city: 'Харків' },
  kherson: { adjective: 'Херсонськ', city: 'Херсон' },
  khmelnytskyi: { adjective: 'Хмельницьк', city: 'Хмельницький' },
  cherkasy: { adjective: 'Черкаськ', city: 'Черкаси' },
  chernivtsi: { adjective: 'Чернівецьк', city: 'Чернівці' },
  chernihiv: { adjective: 'Чернігівськ', city: 'Чернігів' },
  'kyiv-city': { city: 'Київ' },
  sevastopol: { city: 'Севастополь' },
};

const NOT_LETTER = '(?<![\\p{L}’\'-])';
const END = '(?![\\p{L}])';

/**
 * Each region's patterns, made once from the words above: the oblast's adjective before «обл…», the
 * city after «м.». Built from data, so no linter reads them: test/regex-safety.test.ts checks them.
 */
export const REGION_PATTERNS: readonly { code: RegionCode; pattern: RegExp }[] = (
  Object.entries(REGION_WORDS) as [RegionCode, { adjective?: string; city?: string }][]
).flatMap(([code, words]) => [
  ...(words.adjective ? [{ code, pattern: new RegExp(`${NOT_LETTER}${words.adjective}\\p{L}*\\s+обл`, 'iu') }] : []),
  ...(words.city ? [{ code, pattern: new RegExp(`${NOT_LETTER}(?:м\\.|місто)\\s*${words.city}${END}`, 'iu') }] : []),
]);

/**
 * The region named in a place of residence: «… Житомирська обл.», «… область», «м. Житомир»,
 * «АР Крим». A street named after a city («вул. Київська») is not a region: an oblast needs the word
 * «обл…» after it, a city the «м.» before it. Null when none or more than one region is named.
 */
export function regionOfResidence(residence: string): RegionCode | null {
  const text = residence.replace(/['ʼ`]/g, '’');
  const found = new Set<RegionCode>();
  for (const { code, pattern } of REGION_PATTERNS) if (pattern.test(text)) found.add(code);
  if (/(?<!\p{L})(?:АР|Автономна\s+Республіка)\s+Крим/iu.test(text)) found.add('crimea');
  return found.size === 1 ? [...found][0]! : null;
}

export interface CandidateBody {
  id: string;
  kind: BodyKind | null;
  region: RegionCode | null;
}

export interface Ranked {
  score: number;
  reasons: string[];
}

const FIRST_INSTANCE: readonly BodyKind[] = ['local_general', 'local_administrative', 'local_commercial'];
const APPELLATE: readonly BodyKind[] = ['appellate_general', 'appellate_administrative', 'appellate_commercial'];

/** Score and reasons of one body for an appeal; null when it is not to be offered at all. */
export function rankBody(body: CandidateBody, appealKind: AppealKind, region: RegionCode | null): Ranked | null {
  if (body.kind && !BODY_KINDS[body.kind].judiciary) return null;
  const reasons: string[] = [];
  let score = 0;
  const here = region !== null && body.region === region;
  if (here) {
    score += 10;
    reasons.push(`розташований у регіоні заявника (${REGIONS[region]})`);
  } else if (region !== null && body.region !== null) {
    return null; // another region's body: found through the directory's search if really meant
  }
  if (body.kind === 'local_general') {
    score += 5;
    reasons.push('місцевий загальний суд: розглядає більшість справ громадян у першій інстанції');
  } else if (body.kind && FIRST_INSTANCE.includes(body.kind)) {
    score += 3;
    reasons.push(`${BODY_KINDS[body.kind].label}: суд першої інстанції`);
  } else if (body.kind && APPELLATE.includes(body.kind)) {
    score += 2;
    reasons.push(`${BODY_KINDS[body.kind].label}: якщо справа вже в апеляції`);
  } else if (body.kind === 'judicial_administration_office' && ['complaint', 'proposal', 'remark'].includes(appealKind)) {
    score += 2;
    reasons.push('територіальне управління ДСА: організаційне забезпечення судів регіону (скарги, пропозиції, зауваження щодо їх роботи)');
  } else if (body.kind === 'high_council_of_justice' && appealKind === 'complaint') {
    score += 1;
    reasons.push('Вища рада правосуддя: скарги щодо дисциплінарної відповідальності суддів');
  } else if (body.kind === null) {
    reasons.push('вид органу в довіднику не визначено: перевірте компетенцію самостійно');
  } else {
    reasons.push(BODY_KINDS[body.kind].label);
  }
  return { score, reasons };
}
