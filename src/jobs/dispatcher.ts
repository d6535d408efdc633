// The outbox dispatcher with the message of every topic, wired above the domains that write them:
// notifications sends, and the domains (forwarding, …) say what their messages are.
import { appealRegisteredTopicMail, MailDispatcher, type DispatcherOptions, type TopicMails } from '../notifications/dispatcher.ts';
import { forwardingTopicMails } from '../forwarding/mail.ts';

export const TOPIC_MAILS: TopicMails = {
  'appeal.registered': appealRegisteredTopicMail,
  ...forwardingTopicMails,
};

/** The dispatcher every Dovira process runs: each outbox topic with its message. */
export class Dispatcher extends MailDispatcher {
  constructor(options: Omit<DispatcherOptions, 'mails'>) {
    super({ ...options, mails: TOPIC_MAILS });
  }
}
