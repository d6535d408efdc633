// The worker that turns outbox events into e-mails (A2). The server starts one per process; each
// round (a) writes the deliveries of new events and (b) sends the deliveries that are due.
//
// What is guaranteed: an event written in the outbox is never lost (it is committed with the
// change that caused it, and every step after that is a committed row), and each recipient has one
// delivery per event (a unique key), settled once. SMTP has no exactly-once: the mail server may
// accept a message and the process die before the delivery is marked sent; the lease then runs out
// and the message is sent again, with the same Message-ID (many mail systems drop such a
// duplicate). That window is the only way a recipient can get a message twice.
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { createSmtpMailer, describeSendFailure, type Mailer, type OutgoingMail } from './mailer.ts';
import { appealRegisteredMail } from './message.ts';
import { claimNextDue, expandEvents, markAttemptFailed, markSent, registeredAppealFacts, type ClaimedDelivery } from './outbox.ts';
import { afterFailure, leaseUntil, MAIL_DISABLED_REASON } from './rules.ts';

/** Enough of a pino logger; the dispatcher logs ids and counts, never addresses or appeal text. */
export interface DispatcherLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** What a message says, the same for every recipient of one event. */
export type MailContent = Omit<OutgoingMail, 'to' | 'messageId'>;

/**
 * Renders the message of one event from the data as it is when sent; null when that data is gone.
 * Each domain that writes a topic renders its messages; the dispatcher is given them all, so it
 * needs to know none of the domains.
 */
export type TopicMail = (db: Db, entityId: string, context: { publicUrl: string; sentAt: Date }) => Promise<MailContent | null>;
/** Every topic of the outbox with its message. */
export type TopicMails = Record<ClaimedDelivery['topic'], TopicMail>;

/** A2: the notice of a new appeal to supervisors. */
export const appealRegisteredTopicMail: TopicMail = async (db, entityId, context) => {
  const facts = await registeredAppealFacts(db, entityId);
  return facts ? appealRegisteredMail(facts, context) : null;
};

export interface DispatcherOptions {
  db: Db;
  /** How each topic's message is rendered. */
  mails: TopicMails;
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl' | 'notifyPollMs'>;
  /** The clock of business time: the lease and the back-off are counted by it. */
  now: () => Date;
  log?: DispatcherLog;
  /** Instead of SMTP from the config (tests). */
  mailer?: Mailer | null;
}

export interface RoundReport {
  expandedEvents: number;
  newDeliveries: number;
  sent: number;
  retrying: number;
  failed: number;
}

/** Most sends in one round, so one round never holds the poll loop for long. */
const SENDS_PER_ROUND = 200;

const silent: DispatcherLog = { info: () => {}, warn: () => {}, error: () => {} };

export class MailDispatcher {
  private readonly db: Db;
  private readonly config: DispatcherOptions['config'];
  private readonly now: () => Date;
  private readonly log: DispatcherLog;
  private readonly mailer: Mailer | null;
  private readonly mails: TopicMails;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<RoundReport> | undefined;
  private polling = false;
  private stopped = false;

  constructor(options: DispatcherOptions) {
    this.db = options.db;
    this.config = options.config;
    this.now = options.now;
    this.log = options.log ?? silent;
    this.mailer = options.mailer !== undefined ? options.mailer : createSmtpMailer(options.config);
    this.mails = options.mails;
  }

  /** Polls every `notifyPollMs` until stopped. */
  start(): void {
    if (this.polling || this.stopped) return;
    this.polling = true;
    if (!this.mailer) this.log.warn({}, 'SMTP_URL не задано: листи керівникам не надсилаються, вони чекають у черзі');
    this.schedule(0);
  }

  /** Stops polling and waits for a round in progress to finish; the dispatcher cannot be restarted. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.polling = false;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    this.mailer?.close();
  }

  /** Runs one round now (tests call it directly instead of waiting for the timer). */
  async runOnce(): Promise<RoundReport> {
    // Rounds never overlap within a process; other processes are kept apart by the row locks.
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.round();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.runOnce()
        .catch((error: unknown) => {
          // The database may be restarting; the next round tries again. No message text: it may quote data.
          const e = error as { code?: string; name?: string };
          this.log.error({ err: { type: e.name, code: e.code } }, 'notification round failed');
        })
        .finally(() => this.schedule(this.config.notifyPollMs));
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<RoundReport> {
    const report: RoundReport = { expandedEvents: 0, newDeliveries: 0, sent: 0, retrying: 0, failed: 0 };
    for (;;) {
      const events = await expandEvents(this.db, this.now(), this.mailer ? null : MAIL_DISABLED_REASON);
      if (events.length === 0) break;
      report.expandedEvents += events.length;
      for (const event of events) {
        report.newDeliveries += event.deliveries;
        if (event.deliveries === 0 && event.topic === 'appeal.registered') this.log.warn({ eventId: event.id, topic: event.topic }, 'no active supervisor has an e-mail address: nobody to notify');
      }
    }
    if (!this.mailer) return report;
    const rendered = new Map<number, MailContent | null>();
    for (let i = 0; i < SENDS_PER_ROUND && !this.stopped; i++) {
      const at = this.now();
      const delivery = await claimNextDue(this.db, at, leaseUntil(at));
      if (!delivery) break;
      const outcome = await this.deliver(this.mailer, delivery, rendered);
      report[outcome]++;
    }
    if (report.sent + report.retrying + report.failed > 0) this.log.info({ ...report }, 'notification round');
    return report;
  }

  private async deliver(mailer: Mailer, delivery: ClaimedDelivery, rendered: Map<number, MailContent | null>): Promise<'sent' | 'retrying' | 'failed'> {
    if (!rendered.has(delivery.eventId)) rendered.set(delivery.eventId, await this.render(delivery));
    const content = rendered.get(delivery.eventId);
    if (!content) {
      await markAttemptFailed(this.db, delivery, this.now(), 'Немає даних для листа: звернення не знайдено в реєстрі', null);
      return 'failed';
    }
    try {
      const { response } = await mailer.send({ ...content, to: delivery.address, messageId: messageIdOf(delivery, this.config.mailFrom) });
      await markSent(this.db, delivery, this.now(), response);
      return 'sent';
    } catch (error) {
      const failure = describeSendFailure(error);
      const at = this.now();
      const verdict = afterFailure(delivery.attempts, failure.permanent, at);
      await markAttemptFailed(this.db, delivery, at, failure.reason, verdict.nextAttemptAt);
      const e = error as { code?: string; responseCode?: number };
      this.log.warn({ deliveryId: delivery.id, attempts: delivery.attempts, code: e.code, responseCode: e.responseCode, status: verdict.status }, 'e-mail not sent');
      return verdict.status === 'failed' ? 'failed' : 'retrying';
    }
  }

  private render(delivery: ClaimedDelivery): Promise<MailContent | null> {
    return this.mails[delivery.topic](this.db, delivery.entityId, { publicUrl: this.config.publicUrl, sentAt: this.now() });
  }
}

/** The same for every attempt of one delivery, and different for every delivery. */
export function messageIdOf(delivery: Pick<ClaimedDelivery, 'id' | 'eventId'>, mailFrom: string): string {
  const domain = /@([^>\s@]+)>?\s*$/.exec(mailFrom)?.[1] ?? 'localhost';
  return `<dovira.event-${delivery.eventId}.delivery-${delivery.id}@${domain}>`;
}
