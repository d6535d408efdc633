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
 * city after «м.» or alone at the start or after a comma. Built from data, so no linter reads them: test/regex-safety.test.ts checks them.
 */
export const REGION_PATTERNS: readonly { code: RegionCode; pattern: RegExp }[] = (
  Object.entries(REGION_WORDS) as [RegionCode, { adjective?: string; city?: string }][]
).flatMap(([code, words]) => [
  ...(words.adjective ? [{ code, pattern: new RegExp(`${NOT_LETTER}${words.adjective}\\p{L}*\\s+обл`, 'iu') }] : []),
  ...(words.city ? [{ code, pattern: new RegExp(`(?:${NOT_LETTER}(?:м\\.|місто)\\s*|^\\s*|[,;]\\s*)${words.city}${END}`, 'iu') }] : []),
]);

/**
 * The region named in a place of residence: «… Житомирська обл.», «… область», «м. Житомир», a
 * bare «Житомир, вул. …» (at the start or between commas), «АР Крим». A street named after a city
 * («вул. Київська») is not a region: an oblast needs the word «обл…» after it, a city the «м.» before
 * it or a place of its own in the list. Null when none or more than one region is named.
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

/** What of the appeal decides which bodies it points to. */
export interface AppealForRanking {
  kind: AppealKind;
  essence: string;
}

/**
 * `region`: a body of the applicant's region, offered first. `national`: a body serving the whole
 * country, offered beside them only when `score` > 0 (the appeal's kind or essence points to it),
 * otherwise folded away at the end.
 */
export interface Ranked {
  group: 'region' | 'national';
  score: number;
  reasons: string[];
}

const FIRST_INSTANCE: readonly BodyKind[] = ['local_general', 'local_administrative', 'local_commercial'];
const APPELLATE: readonly BodyKind[] = ['appellate_general', 'appellate_administrative', 'appellate_commercial'];
const CRITICISM: readonly AppealKind[] = ['complaint', 'proposal', 'remark'];

/**
 * Words in the essence that point to a national body: what each of them deals with, as the Law «Про
 * судоустрій і статус суддів» gives it. Word stems, so «судді», «суддею», «суддів» all count.
 */
const POINTERS: readonly { kinds: readonly BodyKind[]; words: RegExp; reason: string; criticismOnly?: boolean }[] = [
  {
    kinds: ['high_council_of_justice'],
    words: /(?<!\p{L})(?:судд|дисциплінар|Вищ\p{L}* рад\p{L}* правосуддя|ВРП(?!\p{L}))/iu,
    criticismOnly: true,
    reason: 'Вища рада правосуддя розглядає скарги щодо дисциплінарної відповідальності суддів: у зверненні йдеться про суддю',
  },
  {
    kinds: ['qualification_commission'],
    words: /(?<!\p{L})(?:кваліфікаційн|добір суддів|конкурс|ВККС(?!\p{L}))/iu,
    reason: 'Вища кваліфікаційна комісія суддів: добір суддів, кваліфікаційне оцінювання, конкурси',
  },
  {
    kinds: ['supreme_court', 'cassation_court'],
    words: /(?<!\p{L})(?:касаці|Верховн\p{L}* Суд)/iu,
    reason: 'у зверненні йдеться про касаційний перегляд або Верховний Суд',
  },
  {
    kinds: ['high_anti_corruption_court'],
    words: /(?<!\p{L})(?:корупц|антикорупц|ВАКС(?!\p{L}))/iu,
    reason: 'Вищий антикорупційний суд: справи про корупційні злочини',
  },
  {
    kinds: ['state_judicial_administration'],
    words: /(?<!\p{L})(?:судов\p{L}* адміністрац|ДСА(?!\p{L})|фінансуванн\p{L}* суд|приміщенн\p{L}* суд)/iu,
    reason: 'Державна судова адміністрація: організаційне й фінансове забезпечення судів',
  },
];

/** Score, group and reasons of one body for an appeal; null when it is not to be offered at all. */
export function rankBody(body: CandidateBody, appeal: AppealForRanking, region: RegionCode | null): Ranked | null {
  if (body.kind && !BODY_KINDS[body.kind].judiciary) return null;
  if (body.region === null) return rankNational(body.kind, appeal);
  // Another region's body, or any regional body while the region is unknown: found through the
  // directory's search if really meant, never offered as noise.
  if (region === null || body.region !== region) return null;
  const reasons = [`розташований у регіоні заявника (${REGIONS[region]})`];
  let score = 10;
  if (body.kind === 'local_general') {
    score += 5;
    reasons.push('місцевий загальний суд: розглядає більшість справ громадян у першій інстанції');
  } else if (body.kind && FIRST_INSTANCE.includes(body.kind)) {
    score += 3;
    reasons.push(`${BODY_KINDS[body.kind].label}: суд першої інстанції`);
  } else if (body.kind && APPELLATE.includes(body.kind)) {
    score += 2;
    reasons.push(`${BODY_KINDS[body.kind].label}: якщо справа вже в апеляції`);
  } else if (body.kind === 'judicial_administration_office' && CRITICISM.includes(appeal.kind)) {
    score += 2;
    reasons.push('територіальне управління ДСА: організаційне забезпечення судів регіону (скарги, пропозиції, зауваження щодо їх роботи)');
  } else if (body.kind === null) {
    reasons.push('вид органу в довіднику не визначено: перевірте компетенцію самостійно');
  }
  return { group: 'region', score, reasons };
}

/** A national body: pointed to by the appeal's essence (and kind), or only listed at the end. */
function rankNational(kind: BodyKind | null, appeal: AppealForRanking): Ranked {
  const text = appeal.essence.replace(/['ʼ`]/g, '’');
  const reasons = POINTERS
    .filter((pointer) => kind !== null && pointer.kinds.includes(kind))
    .filter((pointer) => !pointer.criticismOnly || CRITICISM.includes(appeal.kind))
    .filter((pointer) => pointer.words.test(text))
    .map((pointer) => pointer.reason);
  return { group: 'national', score: reasons.length > 0 ? 1 : 0, reasons };
}
