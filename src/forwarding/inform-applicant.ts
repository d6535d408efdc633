// Telling the applicant that their appeal was forwarded (A3): said during the call (recorded here),
// sent by SMS through the gateway, or queued as an e-mail in the outbox. The refusals come before the
// request's Idempotency-Key is claimed (planApplicantNotice); the sending and the writes after, in
// the claim's transaction (recordApplicantNotice).
import type { Transaction } from 'kysely';
import { recordAudit, type Actor } from '../audit/audit.ts';
import type { Db } from '../db/database.ts';
import type { Appeal, Database, NoticeChannel, NoticeStatus } from '../db/schema.ts';
import { HttpProblem, Refusal } from '../http/problem.ts';
import { enqueue } from '../notifications/outbox.ts';
import { applicantNoticeText } from './notice.ts';
import { readForwarding } from './read.ts';
import { applicantSmsKey, type SmsSender } from './sms.ts';
import { NOTICE_CHANNEL_LABELS, NOTICE_STATUS_LABELS, type NoticeView } from './view.ts';

export interface NoticeRequest {
  appeal: Pick<Appeal, 'id' | 'phone' | 'email'>;
  channel: NoticeChannel;
  /** during_call only: when the operator told the applicant; the request's time if not given. */
  toldAt: Date | undefined;
  at: Date;
}

/** A notice that passed the checks: what to write, and the words of the SMS or the e-mail. */
export interface NoticePlan extends NoticeRequest {
  informedAt: Date;
  status: NoticeStatus;
  text: string | null;
}

const refuse = (field: string, message: string, kind: 'unprocessable' | 'conflict' = 'unprocessable'): never => {
  throw new Refusal(kind, 'applicant-notice', message, [{ field, message }]);
};

export async function planApplicantNotice(db: Db, request: NoticeRequest, sms: SmsSender | null): Promise<NoticePlan> {
  const { appeal, channel, toldAt, at } = request;
  let informedAt = at;
  if (channel === 'during_call' && toldAt) {
    informedAt = toldAt;
    if (informedAt > at) refuse('at', 'Час повідомлення не може бути в майбутньому');
  }
  if (channel !== 'during_call' && toldAt) refuse('at', 'Час вказують лише для повідомлення під час дзвінка; SMS і лист мають час відправлення');
  const forwarding = channel === 'during_call' ? undefined : await readForwarding(db, appeal.id);
  if (channel !== 'during_call' && !forwarding) refuse('channel', 'Звернення ще не направлено: повідомлення про направлення надсилають після нього');
  const text = forwarding ? applicantNoticeText({ registrationNumber: forwarding.registration_number, bodyName: forwarding.body_name, forwardedAt: forwarding.forwarded_at }) : null;

  // The variables to set are named in the start-up summary and the admin docs, not to the person sending.
  if (channel === 'sms' && !sms) refuse('channel', 'SMS не надіслано: відправлення SMS не налаштовано — зверніться до адміністратора');
  if (channel === 'email' && !appeal.email) refuse('channel', 'У зверненні немає електронної адреси заявника');

  const status: NoticeStatus = channel === 'during_call' ? 'recorded' : channel === 'sms' ? 'sent' : 'queued';
  return { ...request, informedAt, status, text };
}

/**
 * Sends the SMS (if that is the channel) and writes the notice with its audit event. One SMS per
 * appeal: notices of the same appeal wait for each other on its row, and a later SMS is refused. Every
 * try carries the appeal's own key to the gateway, so one cut off by a crash after the gateway took it
 * is not sent twice when tried again. A failed send throws, rolling the transaction back.
 */
export async function recordApplicantNotice(
  trx: Transaction<Database>,
  plan: NoticePlan,
  recorder: { actor: Actor; userId: string },
  sms: SmsSender | null,
): Promise<NoticeView> {
  const { appeal, channel, status, text } = plan;
  let providerReference: string | null = null;
  if (channel === 'sms') {
    await trx.selectFrom('appeals').select('id').where('id', '=', appeal.id).forUpdate().executeTakeFirstOrThrow();
    const earlier = await trx.selectFrom('applicant_notices').select('id').where('appeal_id', '=', appeal.id).where('channel', '=', 'sms').executeTakeFirst();
    if (earlier) refuse('channel', 'Заявнику вже надіслано SMS про направлення цього звернення; вдруге його не надсилають', 'conflict');
    try {
      providerReference = (await sms!.send(appeal.phone, text!, applicantSmsKey(appeal.id))).providerId;
    } catch (error) {
      throw new HttpProblem(502, 'sms-not-sent', `SMS не надіслано: ${(error as Error).message}. Спробуйте ще раз або повідомте заявника інакше`);
    }
  }
  const eventId = channel === 'email' ? await enqueue(trx, 'applicant.informed', appeal.id) : null;
  const row = await trx.insertInto('applicant_notices').values({
    appeal_id: appeal.id, channel, informed_at: plan.informedAt, recorded_by: recorder.userId, status,
    provider_reference: providerReference, outbox_event_id: eventId, created_at: plan.at,
  }).returning(['id', 'informed_at']).executeTakeFirstOrThrow();
  await recordAudit(trx, recorder.actor, { entityType: 'appeal', entityId: appeal.id, action: 'applicant_informed', changes: { noticeId: row.id, channel, status } });
  return {
    id: row.id, appealId: appeal.id, channel, channelLabel: NOTICE_CHANNEL_LABELS[channel], informedAt: row.informed_at.toISOString(),
    status, statusLabel: NOTICE_STATUS_LABELS[status], providerReference, text,
  };
}
