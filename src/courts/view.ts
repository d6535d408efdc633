import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { AuthorisedPersonsTable, JudicialBodiesTable } from '../db/schema.ts';
import { BODY_KIND_CODES, BODY_KINDS, INSTANCE_CODES, REGION_CODES, instanceLabel, kindLabel, regionLabel } from './kinds.ts';

export type BodyRow = Selectable<JudicialBodiesTable>;
export type PersonRow = Selectable<AuthorisedPersonsTable>;

// What every entry of the directory carries, bodies and persons alike: entries are switched off, not
// deleted, so the transfers and forwardings that name them keep their history.
const DirectoryEntry = {
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

function directoryEntry(row: { active: boolean; created_at: Date; updated_at: Date }): { active: boolean; createdAt: string; updatedAt: string } {
  return { active: row.active, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

export const JudicialBodyView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(BODY_KIND_CODES).nullable().describe('null: орган внесено до появи довідника, вид ще не визначено'),
  kindLabel: z.string().nullable(),
  instance: z.enum(INSTANCE_CODES).nullable(),
  instanceLabel: z.string().nullable(),
  region: z.enum(REGION_CODES).nullable().describe('null: загальнодержавний орган'),
  regionLabel: z.string().nullable(),
  judiciary: z.boolean().nullable().describe('Чи належить до судової влади (false: Конституційний Суд України)'),
  address: z.string().nullable(),
  phones: z.array(z.string()),
  email: z.string().nullable(),
  website: z.string().nullable(),
  isDemo: z.boolean().describe('Демонстраційний запис, не справжній орган'),
  ...DirectoryEntry,
});
export type JudicialBodyView = z.infer<typeof JudicialBodyView>;

export function judicialBodyView(body: BodyRow): JudicialBodyView {
  return {
    id: body.id,
    code: body.code,
    name: body.name,
    kind: body.kind,
    kindLabel: kindLabel(body.kind),
    instance: body.instance,
    instanceLabel: instanceLabel(body.instance),
    region: body.region,
    regionLabel: regionLabel(body.region),
    judiciary: body.kind ? BODY_KINDS[body.kind].judiciary : null,
    address: body.address,
    phones: body.phones,
    email: body.email,
    website: body.website,
    isDemo: body.is_demo,
    ...directoryEntry(body),
  };
}

export const AuthorisedPersonView = z.object({
  id: z.uuid(),
  judicialBodyId: z.uuid(),
  fullName: z.string(),
  position: z.string(),
  phone: z.string(),
  email: z.string().nullable(),
  ...DirectoryEntry,
});
export type AuthorisedPersonView = z.infer<typeof AuthorisedPersonView>;

export function authorisedPersonView(person: PersonRow): AuthorisedPersonView {
  return {
    id: person.id,
    judicialBodyId: person.judicial_body_id,
    fullName: person.full_name,
    position: person.position,
    phone: person.phone,
    email: person.email,
    ...directoryEntry(person),
  };
}

export const JudicialBodyDetail = JudicialBodyView.extend({
  authorisedPersons: z.array(AuthorisedPersonView).describe('Уповноважені особи (розпорядники інформації), до яких переключають виклик (H4)'),
});

/** A transfer target as the operator picks it (H4): the person with the body they answer for. */
export const TransferTargetView = AuthorisedPersonView.extend({
  judicialBody: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
});
