// What an admin (or the CSV import) may write into the directory, field by field, in Ukrainian.
import { z } from 'zod';
import { email, freeText, personName, phone } from '../http/fields.ts';
import { BODY_KIND_CODES, INSTANCE_CODES, REGION_CODES } from './kinds.ts';

export const code = z
  .string({ error: 'Код: очікується текст' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'Код: від 1 до 64 латинських літер, цифр, крапок, дефісів чи підкреслень, починаючи з літери чи цифри');

export const bodyName = freeText(300, 'Назва');
export const kind = z.enum(BODY_KIND_CODES, { error: 'Вид органу: оберіть одне з визначених значень' });
export const instance = z.enum(INSTANCE_CODES, { error: 'Інстанція: first, appellate або cassation' });
export const region = z.enum(REGION_CODES, { error: 'Регіон: оберіть одне з визначених значень' });
export const address = freeText(500, 'Адреса');

export const phones = z
  .array(phone('Телефон'), { error: 'Телефони: очікується список номерів' })
  .max(10, 'Телефони: не більше 10 номерів')
  .transform((list) => [...new Set(list)]);

export const officialEmail = email('Офіційна електронна адреса');

export const website = z
  .string({ error: 'Вебсайт: очікується текст' })
  .trim()
  .max(300, 'Вебсайт: не довше 300 символів')
  .regex(/^https?:\/\/[^\s<>"'`\\]+$/i, 'Вебсайт: адреса має починатися з https:// або http://')
  .pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'Вебсайт: некоректна адреса' }));

const bodyFields = {
  name: bodyName,
  kind,
  instance: instance.nullable().optional().describe('Без значення: інстанція, типова для виду органу'),
  region: region.nullable().optional().describe('Регіон, де розташований орган; null для загальнодержавних органів'),
  address: address.nullable().optional(),
  phones: phones.optional(),
  email: officialEmail.nullable().optional(),
  website: website.nullable().optional(),
  active: z.boolean({ error: 'Чинний: очікується true або false' }).optional(),
};

export const BodyCreate = z.strictObject({ code: code.describe('Незмінний код органу в Dovira (латиницею), ключ імпорту з CSV'), ...bodyFields });
export type BodyCreate = z.output<typeof BodyCreate>;

export const BodyUpdate = z
  .strictObject({ code: code.optional(), ...bodyFields, name: bodyName.optional(), kind: kind.optional() })
  .refine((body) => Object.keys(body).length > 0, 'Вкажіть хоча б одне поле, яке треба змінити');
export type BodyUpdate = z.output<typeof BodyUpdate>;

const personFields = {
  fullName: personName(200, 'Прізвище, ім’я, по батькові'),
  position: freeText(200, 'Посада'),
  phone: phone('Телефон'),
  email: email().nullable().optional(),
  active: z.boolean({ error: 'Чинний: очікується true або false' }).optional(),
};

export const PersonCreate = z.strictObject(personFields);
export type PersonCreate = z.output<typeof PersonCreate>;

export const PersonUpdate = z
  .strictObject({
    judicialBodyId: z.uuid('Некоректний ідентифікатор органу').optional().describe('Перевести особу до іншого органу'),
    fullName: personFields.fullName.optional(),
    position: personFields.position.optional(),
    phone: personFields.phone.optional(),
    email: personFields.email,
    active: personFields.active,
  })
  .refine((body) => Object.keys(body).length > 0, 'Вкажіть хоча б одне поле, яке треба змінити');
export type PersonUpdate = z.output<typeof PersonUpdate>;
