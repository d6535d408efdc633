// Outgoing e-mail over SMTP (nodemailer), configured by SMTP_URL and MAIL_FROM.
import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import { SEND_TIMEOUT_MS } from './rules.ts';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** One message to one recipient: Ukrainian plain text with the same content as HTML. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * Stable for the delivery, so the same message retried after a crash carries the same Message-ID
   * and mail systems that drop duplicates by it do so.
   */
  messageId: string;
  /** E.g. the PDF of a forwarded appeal (comes with forwarding to courts). */
  attachments?: MailAttachment[];
}

export interface Mailer {
  /** Resolves with the server's answer on acceptance; rejects with the reason otherwise. */
  send(mail: OutgoingMail): Promise<{ response: string }>;
  close(): void;
}

/** Why a send failed, in words for the deliveries list, and whether retrying can help. */
export interface SendFailure {
  reason: string;
  permanent: boolean;
}

export function createSmtpMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | null {
  if (!config.smtpUrl) return null;
  // Bounded waits, so a send ends long before its lease (LEASE_SECONDS) does.
  const transport = nodemailer.createTransport(
    { url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000 },
    { from: config.mailFrom },
  );
  return {
    async send(mail) {
      const info = await transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        // RFC 3834: an automatic message; out-of-office replies are not sent back to it.
        headers: { 'Auto-Submitted': 'auto-generated' },
        attachments: (mail.attachments ?? []).map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      return { response: String(info.response ?? '') };
    },
    close: () => transport.close(),
  };
}

const PERMANENT_COMMANDS = new Set(['EENVELOPE', 'EMESSAGE']);

export function describeSendFailure(error: unknown): SendFailure {
  const e = (error ?? {}) as { code?: string; responseCode?: number; message?: string };
  const detail = (e.message ?? String(error)).replace(/\s+/g, ' ').trim().slice(0, 400);
  // A 5xx answer to the recipient or to the message itself: the server will refuse it again.
  const permanent = e.code !== undefined && PERMANENT_COMMANDS.has(e.code) && (e.responseCode ?? 0) >= 500 && e.responseCode !== 503;
  const what = {
    ECONNECTION: 'Не вдалося з’єднатися з поштовим сервером',
    ESOCKET: 'Не вдалося з’єднатися з поштовим сервером',
    EDNS: 'Не знайдено поштовий сервер',
    ETIMEDOUT: 'Поштовий сервер не відповів вчасно',
    EABORT: 'Поштовий сервер не відповів вчасно',
    ETLS: 'Не вдалося встановити захищене з’єднання з поштовим сервером',
    EAUTH: 'Поштовий сервер не прийняв облікові дані',
    ENOAUTH: 'Поштовий сервер вимагає облікові дані',
    EENVELOPE: 'Поштовий сервер не прийняв адресу',
    EMESSAGE: 'Поштовий сервер не прийняв лист',
  }[e.code ?? ''] ?? 'Лист не надіслано';
  return { reason: `${what}: ${detail}`, permanent };
}
