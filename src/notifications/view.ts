import { z } from 'zod';
import type { DeliveryStatus, OutboxTopic } from '../db/schema.ts';

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: 'очікує відправлення',
  sent: 'надіслано',
  failed: 'не надіслано',
};

const TOPIC_LABELS: Record<OutboxTopic, string> = {
  'appeal.registered': 'нове усне звернення',
  'appeal.forwarded': 'направлення звернення органу судової влади',
  'applicant.informed': 'повідомлення заявнику про направлення',
};

export const DeliveryStatusSchema = z.enum(['pending', 'sent', 'failed']);

export const DeliveryView = z.object({
  id: z.number().int(),
  eventId: z.number().int(),
  topic: z.string(),
  topicLabel: z.string(),
  appealId: z.uuid().nullable(),
  registrationNumber: z.string().nullable(),
  channel: z.literal('email'),
  recipientUserId: z.uuid().nullable().describe('null: орган судової влади або заявник'),
  recipientName: z.string(),
  address: z.string().nullable().describe('null: адреси немає, лист не надіслано (причина в lastError)'),
  status: DeliveryStatusSchema,
  statusLabel: z.string(),
  attempts: z.number().int().describe('Скільки разів пробували надіслати'),
  nextAttemptAt: z.string().nullable().describe('Коли наступна спроба (для тих, що чекають)'),
  lastError: z.string().nullable().describe('Причина останньої невдалої спроби'),
  serverResponse: z.string().nullable().describe('Відповідь поштового сервера, що прийняв лист'),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export interface DeliveryRow {
  id: number;
  event_id: number;
  topic: OutboxTopic;
  entity_id: string;
  channel: 'email';
  recipient_user_id: string | null;
  recipient_name: string | null;
  body_name: string | null;
  address: string | null;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  server_response: string | null;
  created_at: Date;
  sent_at: Date | null;
  registration_number: string | null;
}

export function deliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: Number(row.id),
    eventId: Number(row.event_id),
    topic: row.topic,
    topicLabel: TOPIC_LABELS[row.topic] ?? row.topic,
    appealId: row.entity_id,
    registrationNumber: row.registration_number,
    channel: row.channel,
    recipientUserId: row.recipient_user_id,
    recipientName: row.recipient_name ?? row.body_name ?? 'заявник',
    address: row.address,
    status: row.status,
    statusLabel: DELIVERY_STATUS_LABELS[row.status],
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastError: row.last_error,
    serverResponse: row.server_response,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at ? row.sent_at.toISOString() : null,
  };
}
