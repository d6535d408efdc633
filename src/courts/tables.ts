// Tables of the judicial bodies directory (довідник органів судової влади). The `judicial_bodies`
// table itself is typed in schema.ts; the columns migration 0002 adds to it are typed here and
// joined to it by `directoryDb` (repository.ts).
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';
import type { BodyKind, Instance, RegionCode } from './kinds.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/** Columns of `judicial_bodies` added by the directory; kind is NULL for rows made before it. */
export interface JudicialBodyDirectoryColumns {
  kind: BodyKind | null;
  /** Інстанція: first, appellate or cassation; NULL for bodies that are not courts. */
  instance: Instance | null;
  /** Регіон where the body sits; NULL for national (загальнодержавні) bodies. */
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

export interface CourtsTables {
  authorised_persons: AuthorisedPersonsTable;
}
