// What the directory starts with. Only facts we are sure of: the names of the national bodies, with
// their kind. No address, phone or e-mail is shipped: those come from the official registry (CSV
// import) or an admin. The demo bodies are made up, say so in their names and are marked is_demo.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { BodyKind, RegionCode } from './kinds.ts';
import { SYSTEM, insertBody, insertPerson, newBodyValues } from './repository.ts';

interface SeedBody {
  code: string;
  name: string;
  kind: BodyKind;
  region?: RegionCode;
}

/**
 * The national bodies by their official names; the codes are Dovira's own. The Constitutional Court
 * is included although it is outside the judiciary's court system (see `judiciary` in kinds.ts): the
 * operator needs its name to tell a caller where a constitutional matter goes (C1).
 */
export const NATIONAL_BODIES: readonly SeedBody[] = [
  { code: 'supreme-court', name: 'Верховний Суд', kind: 'supreme_court' },
  { code: 'cassation-administrative-court', name: 'Касаційний адміністративний суд у складі Верховного Суду', kind: 'cassation_court' },
  { code: 'cassation-commercial-court', name: 'Касаційний господарський суд у складі Верховного Суду', kind: 'cassation_court' },
  { code: 'cassation-criminal-court', name: 'Касаційний кримінальний суд у складі Верховного Суду', kind: 'cassation_court' },
  { code: 'cassation-civil-court', name: 'Касаційний цивільний суд у складі Верховного Суду', kind: 'cassation_court' },
  { code: 'high-anti-corruption-court', name: 'Вищий антикорупційний суд', kind: 'high_anti_corruption_court' },
  { code: 'high-council-of-justice', name: 'Вища рада правосуддя', kind: 'high_council_of_justice' },
  { code: 'high-qualification-commission-of-judges', name: 'Вища кваліфікаційна комісія суддів України', kind: 'qualification_commission' },
  { code: 'state-judicial-administration', name: 'Державна судова адміністрація України', kind: 'state_judicial_administration' },
  { code: 'constitutional-court', name: 'Конституційний Суд України', kind: 'constitutional_court' },
];

/** The demo court the demo court clerk belongs to. */
export const DEMO_CLERK_BODY_CODE = 'demo-district-court';

const DEMO_BODIES: readonly (SeedBody & { person: { fullName: string; position: string; phone: string } })[] = [
  {
    code: DEMO_CLERK_BODY_CODE, name: 'Демонстраційний районний суд (демо)', kind: 'local_general', region: 'kyiv-city',
    // +380 00… is no operator's code: no real line can be reached by mistake.
    person: { fullName: 'Демо Оксана Приклад', position: 'Уповноважена особа з питань запитів на інформацію (демо)', phone: '+380000000001' },
  },
  {
    code: 'demo-appeal-court', name: 'Демонстраційний апеляційний суд (демо)', kind: 'appellate_general', region: 'kyiv-city',
    person: { fullName: 'Демо Петро Зразок', position: 'Уповноважена особа з питань запитів на інформацію (демо)', phone: '+380000000002' },
  },
];

/** Inserts, as the system, the bodies whose code is not in the directory yet; returns the id of every listed code. */
async function seedBodies(
  db: Kysely<Database>, at: Date, bodies: readonly SeedBody[], isDemo: boolean,
  onCreated: (body: SeedBody, id: string, trx: Transaction<Database>) => Promise<void>,
): Promise<Record<string, string>> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('judicial_bodies').select(['id', 'code'])
      .where('code', 'in', bodies.map((body) => body.code)).forUpdate().execute();
    const ids: Record<string, string> = Object.fromEntries(existing.map((row) => [row.code, row.id]));
    for (const body of bodies) {
      if (ids[body.code]) continue;
      const row = await insertBody(trx, SYSTEM, newBodyValues({ code: body.code, name: body.name, kind: body.kind, region: body.region }), at, { via: 'seed', isDemo });
      ids[body.code] = row.id;
      await onCreated(body, row.id, trx);
    }
    return ids;
  });
}

/** The national bodies, each inserted once (by code): safe to call on every start, in production too. */
export async function seedNationalBodies(db: Kysely<Database>, now: () => Date = () => new Date()): Promise<Record<string, string>> {
  return seedBodies(db, now(), NATIONAL_BODIES, false, async () => {});
}

/** Two made-up local courts for `npm start`, each with a made-up authorised person. */
export async function seedDemoBodies(db: Kysely<Database>, now: () => Date = () => new Date()): Promise<Record<string, string>> {
  const at = now();
  return seedBodies(db, at, DEMO_BODIES, true, async (body, id, trx) => {
    const { person } = DEMO_BODIES.find((demo) => demo.code === body.code)!;
    await insertPerson(trx, SYSTEM, id, { ...person, email: null, active: true }, at, { via: 'seed' });
  });
}
