// What an oral appeal (усне звернення) must contain (A1; Law «Про звернення громадян», art. 5), as
// one schema: the server validates requests with it and the operator's form checks the same rules
// before sending. Pure: zod, the shared field rules and the Standard, nothing from Node.
import { z } from 'zod';
import { email, freeText, personName, phone } from '../http/fields.ts';
import { APPEAL_KIND_KEYS, type AppealKind } from '../standard/index.ts';

const KINDS = APPEAL_KIND_KEYS as readonly AppealKind[] as [AppealKind, ...AppealKind[]];

/** A1: one of the six kinds the Standard names (зауваження, пропозиція, заява, скарга, прохання, вимога). */
export const appealKind = z.enum(KINDS, { error: 'Вид звернення: оберіть один із шести видів' });

export const appealEssence = freeText(5000, 'Суть питання');
export const appealPhone = phone('Контактний телефон');

export const AppealBody = z.strictObject({
  callId: z.uuid('Некоректний ідентифікатор дзвінка').optional(),
  surname: personName(100, 'Прізвище'),
  givenName: personName(100, 'Ім’я'),
  patronymic: personName(100, 'По батькові'),
  residence: freeText(300, 'Місце проживання'),
  essence: appealEssence,
  kind: appealKind,
  phone: appealPhone,
  email: email().optional(),
});

/** What is sent (before the rules tidy it) and what the rules make of it. */
export type AppealBodyInput = z.input<typeof AppealBody>;
export type AppealBodyValue = z.output<typeof AppealBody>;

/** The fields an operator fills, in the order the form shows them (the first wrong one gets the focus). */
export const APPEAL_FORM_FIELDS = ['surname', 'givenName', 'patronymic', 'residence', 'essence', 'kind', 'phone', 'email'] as const;
export type AppealFormField = (typeof APPEAL_FORM_FIELDS)[number];

/** Before registering: has this phone raised a similar matter lately (a likely repeat)? `callId`: the call it is asked on, whose own appeal is no repeat. */
export const RepeatCheckBody = z.strictObject({ phone: appealPhone, essence: appealEssence, callId: z.uuid('Некоректний ідентифікатор дзвінка').optional() });
