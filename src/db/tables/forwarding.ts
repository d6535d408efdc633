// Forwarding to the competent judicial body (A3) and informing the applicant.
// Направлення за належністю: sending an appeal to the body whose competence it is (Law «Про
// звернення громадян», art. 7). Повідомлення заявника: telling the citizen it was sent.
import type { ColumnType, Generated } from 'kysely';
import type { Instant, WrittenOnce } from '../columns.ts';

export const NOTICE_CHANNELS = ['during_call', 'sms', 'email'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

/** recorded: told during the call; sent: the SMS gateway accepted it; queued: the e-mail is in the outbox. */
export const NOTICE_STATUSES = ['recorded', 'sent', 'queued'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** The one forwarding of an appeal, with the letter as sent and what the receiving body did. */
export interface AppealForwardingsTable {
  id: Generated<string>;
  appeal_id: string;
  judicial_body_id: string;
  reason: string;
  forwarded_by: string;
  forwarded_at: WrittenOnce;
  letter_pdf: ColumnType<Buffer, Buffer, never>;
  /** Receipt acknowledged by a clerk of the body: the Law's 15/30/45-day limits count from here. */
  acknowledged_at: Instant | null;
  acknowledged_by: string | null;
  answered_at: Instant | null;
  answered_by: string | null;
  /** What the body answered the citizen, in short. */
  answer_summary: string | null;
}

/** How and when the applicant was told of the forwarding. */
export interface ApplicantNoticesTable {
  id: Generated<string>;
  appeal_id: string;
  channel: NoticeChannel;
  informed_at: Instant;
  recorded_by: string;
  status: NoticeStatus;
  /** The SMS gateway's message id. */
  provider_reference: string | null;
  outbox_event_id: number | null;
  created_at: WrittenOnce;
}
