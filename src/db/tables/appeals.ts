// Oral appeals (усні звернення) and their registration numbers.
import type { Generated } from 'kysely';
import type { Instant } from '../columns.ts';

/** An oral appeal (усне звернення) as written; read it through `appeal_register`, which adds its number. */
export interface AppealsTable {
  id: Generated<string>;
  registration_year: number;
  lookup_code: string;
  call_id: string | null;
  surname: string;
  given_name: string;
  patronymic: string;
  residence: string;
  essence: string;
  kind: string;
  phone: string;
  email: string | null;
  status: string;
  registered_by: string;
  registered_at: Instant;
  status_changed_at: Instant;
  updated_at: Instant;
}

/** The register: appeals with their registration numbers (only numbered ones appear). */
export interface AppealRegisterView extends Omit<AppealsTable, 'id'> {
  id: string;
  registration_seq: number;
  registration_number: string;
}

export interface AppealNumbersTable {
  appeal_id: string;
  year: number;
  seq: number;
}

export interface AppealCountersTable {
  year: number;
  last_value: number;
}
