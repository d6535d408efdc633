// What the API answers about callers nobody answered (H3), as the screens read it too.
import { z } from 'zod';
import { CALLBACK_ORIGINS, CALLBACK_STATUSES } from '../db/schema.ts';
import { CALLED_BACK_WITHIN_MINUTES, UNANSWERED_END_REASONS } from './unanswered.ts';

export const UnansweredCall = z.object({
  callId: z.uuid(),
  callerPhone: z.string().nullable().describe('E.164; null: номер приховано або АТС його не назвала'),
  callerWithheld: z.boolean().describe('Заявник приховав номер: передзвонити неможливо'),
  offeredTo: z.string().nullable().describe('Черга, група чи номер, на який АТС спрямувала дзвінок'),
  operator: z.object({ id: z.uuid(), operatorNumber: z.number().int().nullable(), fullName: z.string() }).nullable()
    .describe('Оператор, у якого дзвонив телефон; null — дзвінок не дійшов до жодного оператора'),
  openedAt: z.string(),
  endedAt: z.string().nullable(),
  waitedSeconds: z.number().int().describe('Скільки секунд заявник чекав: від надходження дзвінка до його завершення'),
  endReason: z.enum(UNANSWERED_END_REASONS),
  endReasonLabel: z.string(),
  callback: z.object({
    id: z.uuid(),
    status: z.enum(CALLBACK_STATUSES),
    dueAt: z.string(),
    origin: z.enum(CALLBACK_ORIGINS).describe('missed_call — заплановано правилом для пропущених дзвінків; agreed — вручну'),
  }).nullable().describe('Останній зворотний дзвінок за цим дзвінком; null — не заплановано'),
  calledAgain: z.object({ callId: z.uuid(), at: z.string() }).nullable()
    .describe('Пізніший прийнятий дзвінок того самого заявника, яким питання закрито'),
});

export const UnansweredFigures = z.object({
  from: z.string(),
  to: z.string(),
  offered: z.number().int().describe('Дзвінки, що надійшли (без повторних плечей переключеного дзвінка)'),
  answered: z.number().int(),
  abandoned: z.number().int().describe('Заявник поклав слухавку, не дочекавшись оператора'),
  missed: z.number().int().describe('Ніхто не прийняв, доки АТС не завершила дзвінок'),
  averageWaitSeconds: z.number().int().nullable().describe('Середнє очікування неприйнятих дзвінків; null — таких не було'),
  longestWaitSeconds: z.number().int().nullable(),
  calledBackWithinHour: z.number().int()
    .describe(`Неприйняті дзвінки, за якими протягом ${CALLED_BACK_WITHIN_MINUTES} хв після завершення почато спробу зворотного дзвінка або заявник зателефонував знову і його прийняли`),
});

export type UnansweredCall = z.output<typeof UnansweredCall>;
export type UnansweredFigures = z.output<typeof UnansweredFigures>;
