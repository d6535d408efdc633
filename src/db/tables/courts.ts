// The judicial bodies directory (довідник органів судової влади): the bodies, their classification
// and their authorised persons. The codes below are those of migration 0002's CHECK constraints
// (src/courts/courts.test.ts proves the two agree); their Ukrainian labels are in src/courts/kinds.ts.
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../columns.ts';

/** Вид органу: the kind of body (local court, appellate court, council, administration…). */
export const BODY_KIND_CODES = [
  'local_general', 'local_administrative', 'local_commercial',
  'appellate_general', 'appellate_administrative', 'appellate_commercial',
  'high_anti_corruption_court', 'supreme_court', 'cassation_court',
  'high_council_of_justice', 'qualification_commission', 'state_judicial_administration',
  'judicial_administration_office', 'other_judiciary_body', 'constitutional_court',
] as const;
export type BodyKind = (typeof BODY_KIND_CODES)[number];

/** Інстанція: first, appellate or cassation. */
export const INSTANCE_CODES = ['first', 'appellate', 'cassation'] as const;
export type Instance = (typeof INSTANCE_CODES)[number];

/** Регіон of a body's seat: the regions of art. 133 of the Constitution, in Dovira's own codes. */
export const REGION_CODES = [
  'crimea', 'vinnytsia', 'volyn', 'dnipropetrovsk', 'donetsk', 'zhytomyr', 'zakarpattia',
  'zaporizhzhia', 'ivano-frankivsk', 'kyiv-oblast', 'kirovohrad', 'luhansk', 'lviv', 'mykolaiv',
  'odesa', 'poltava', 'rivne', 'sumy', 'ternopil', 'kharkiv', 'kherson', 'khmelnytskyi',
  'cherkasy', 'chernivtsi', 'chernihiv', 'kyiv-city', 'sevastopol',
] as const;
export type RegionCode = (typeof REGION_CODES)[number];

/** Орган судової влади: a court or another body of the judiciary. */
export interface JudicialBodiesTable {
  id: Generated<string>;
  code: string;
  name: string;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
  /** NULL for rows made before the directory (migration 0002). */
  kind: BodyKind | null;
  /** Інстанція: NULL for bodies that are not courts. */
  instance: Instance | null;
  /** Where the body sits; NULL for national (загальнодержавні) bodies. */
  region: RegionCode | null;
  address: string | null;
  /** Phones in E.164 (+380…). */
  phones: ColumnType<string[], string[] | undefined, string[]>;
  /** The official e-mail (офіційна електронна адреса). */
  email: string | null;
  website: string | null;
  active: Generated<boolean>;
  updated_at: UpdatedAt;
  /** Folded name, code and address for tolerant search (uk_search_fold, migration 0002). */
  search_text: GeneratedAlways<string>;
  /** The name in Ukrainian alphabetical order under byte-wise comparison (uk_sort_key). */
  sort_key: GeneratedAlways<string>;
}

/**
 * Уповноважена особа з питань запитів на інформацію of a body (розпорядник інформації in the
 * Standard's words): the person a call is transferred to when the information is not found (H4).
 */
export interface AuthorisedPersonsTable {
  id: Generated<string>;
  judicial_body_id: string;
  full_name: string;
  position: string;
  phone: string;
  email: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  search_text: GeneratedAlways<string>;
  sort_key: GeneratedAlways<string>;
}
