// The classifications of the judicial bodies directory as plain data with Ukrainian labels: the kind
// of body (вид органу), the instance (інстанція) and the region (регіон) of its seat. The codes are
// the schema's (src/db/tables/courts.ts, the same as migration 0002's CHECK constraints;
// courts.test.ts proves the two lists agree); they are offered here beside their labels. Imported
// from the area's file, not schema.ts: the web compiles this module too.
//
// Sources: the Law of Ukraine «Про судоустрій і статус суддів» (art. 17: local courts, appellate
// courts, the Supreme Court; high specialised courts), the Constitution (art. 133: the regions).
import type { BodyKind, Instance, RegionCode } from '../db/tables/courts.ts';

export { BODY_KIND_CODES, INSTANCE_CODES, REGION_CODES } from '../db/tables/courts.ts';
export type { BodyKind, Instance, RegionCode } from '../db/tables/courts.ts';

export const INSTANCES = {
  first: 'перша інстанція',
  appellate: 'апеляційна інстанція',
  cassation: 'касаційна інстанція',
} as const satisfies Record<Instance, string>;

/** Whether a body of this kind sits in one region (its seat) or serves the whole country. */
type RegionRule = 'required' | 'none' | 'optional';

export interface BodyKindInfo {
  label: string;
  /** Instances a body of this kind may be; empty for bodies that are not courts. */
  instances: readonly Instance[];
  region: RegionRule;
  /**
   * Part of the judiciary (судова влада) that the contact centre serves. False only for the
   * Constitutional Court: the sole body of constitutional jurisdiction (Constitution, chapter XII),
   * outside the court system of art. 17 of the Law. It is in the directory so that an operator can
   * tell a caller where to turn (C1); appeals are not forwarded to it (A3 is about judicial bodies).
   */
  judiciary: boolean;
}

export const BODY_KINDS = {
  local_general: { label: 'місцевий загальний суд', instances: ['first'], region: 'required', judiciary: true },
  local_administrative: { label: 'окружний адміністративний суд', instances: ['first'], region: 'required', judiciary: true },
  local_commercial: { label: 'місцевий господарський суд', instances: ['first'], region: 'required', judiciary: true },
  appellate_general: { label: 'апеляційний суд', instances: ['appellate'], region: 'required', judiciary: true },
  appellate_administrative: { label: 'апеляційний адміністративний суд', instances: ['appellate'], region: 'required', judiciary: true },
  appellate_commercial: { label: 'апеляційний господарський суд', instances: ['appellate'], region: 'required', judiciary: true },
  // Its Appeals Chamber (Апеляційна палата) hears appeals on its own judgments.
  high_anti_corruption_court: { label: 'Вищий антикорупційний суд', instances: ['first', 'appellate'], region: 'none', judiciary: true },
  supreme_court: { label: 'Верховний Суд', instances: ['cassation'], region: 'none', judiciary: true },
  cassation_court: { label: 'касаційний суд у складі Верховного Суду', instances: ['cassation'], region: 'none', judiciary: true },
  high_council_of_justice: { label: 'Вища рада правосуддя', instances: [], region: 'none', judiciary: true },
  qualification_commission: { label: 'Вища кваліфікаційна комісія суддів України', instances: [], region: 'none', judiciary: true },
  state_judicial_administration: { label: 'Державна судова адміністрація України', instances: [], region: 'none', judiciary: true },
  judicial_administration_office: { label: 'територіальне управління Державної судової адміністрації України', instances: [], region: 'required', judiciary: true },
  other_judiciary_body: { label: 'інший орган чи установа судової влади', instances: [], region: 'optional', judiciary: true },
  constitutional_court: { label: 'орган конституційної юрисдикції (поза системою судоустрою)', instances: [], region: 'none', judiciary: false },
} as const satisfies Record<BodyKind, BodyKindInfo>;

/** The regions of art. 133 of the Constitution; Dovira's own codes, the official names as labels. */
export const REGIONS = {
  crimea: 'Автономна Республіка Крим',
  vinnytsia: 'Вінницька область',
  volyn: 'Волинська область',
  dnipropetrovsk: 'Дніпропетровська область',
  donetsk: 'Донецька область',
  zhytomyr: 'Житомирська область',
  zakarpattia: 'Закарпатська область',
  zaporizhzhia: 'Запорізька область',
  'ivano-frankivsk': 'Івано-Франківська область',
  'kyiv-oblast': 'Київська область',
  kirovohrad: 'Кіровоградська область',
  luhansk: 'Луганська область',
  lviv: 'Львівська область',
  mykolaiv: 'Миколаївська область',
  odesa: 'Одеська область',
  poltava: 'Полтавська область',
  rivne: 'Рівненська область',
  sumy: 'Сумська область',
  ternopil: 'Тернопільська область',
  kharkiv: 'Харківська область',
  kherson: 'Херсонська область',
  khmelnytskyi: 'Хмельницька область',
  cherkasy: 'Черкаська область',
  chernivtsi: 'Чернівецька область',
  chernihiv: 'Чернігівська область',
  'kyiv-city': 'м. Київ',
  sevastopol: 'м. Севастополь',
} as const satisfies Record<RegionCode, string>;

export const kindLabel = (kind: BodyKind | null): string | null => (kind ? BODY_KINDS[kind].label : null);
export const instanceLabel = (instance: Instance | null): string | null => (instance ? INSTANCES[instance] : null);
export const regionLabel = (region: RegionCode | null): string | null => (region ? REGIONS[region] : null);

/** The instance a body of this kind has when none is given: its only one, or the first listed. */
export function defaultInstance(kind: BodyKind): Instance | null {
  return BODY_KINDS[kind].instances[0] ?? null;
}

export interface Classification {
  kind: BodyKind;
  instance: Instance | null;
  region: RegionCode | null;
}

/**
 * What is wrong with a kind/instance/region combination, field by field, in Ukrainian; empty when
 * it fits. A local court needs its region, a national body has none, only courts have an instance.
 */
export function classificationErrors({ kind, instance, region }: Classification): { field: string; message: string }[] {
  const info: BodyKindInfo = BODY_KINDS[kind];
  const errors = [];
  if (instance === null && info.instances.length > 0) {
    errors.push({ field: 'instance', message: `Інстанція: для виду «${info.label}» вкажіть ${info.instances.map((i) => INSTANCES[i]).join(' або ')}` });
  }
  if (instance !== null && !info.instances.includes(instance)) {
    errors.push({
      field: 'instance',
      message: info.instances.length === 0
        ? `Інстанція: «${info.label}» не є судом, інстанцію не вказують`
        : `Інстанція: для виду «${info.label}» можлива лише ${info.instances.map((i) => INSTANCES[i]).join(' або ')}`,
    });
  }
  if (info.region === 'required' && region === null) errors.push({ field: 'region', message: `Регіон: для виду «${info.label}» вкажіть регіон, де розташований орган` });
  if (info.region === 'none' && region !== null) errors.push({ field: 'region', message: `Регіон: «${info.label}» — загальнодержавний орган, регіон не вказують` });
  return errors;
}
