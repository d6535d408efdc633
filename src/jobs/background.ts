// What each Dovira process does by itself besides answering requests, started and stopped with the
// server. Each piece is safe to run in every process at once: the outbox's rows are claimed under
// row locks (src/notifications/outbox.ts), and each live announcement is claimed once in the
// database (src/live/announcements.ts).
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import { ForwardingCheck } from '../forwarding/check.ts';
import type { LiveBus } from '../live/bus.ts';
import { Reminders } from '../live/reminders.ts';
import { Dispatcher } from './dispatcher.ts';

export interface BackgroundWork {
  stop(): Promise<void>;
}

/** Ids and codes only in the log: a message may quote data. */
function errorFields(error: unknown) {
  return { err: { type: (error as Error).name, code: (error as { code?: string }).code } };
}

export function startBackgroundWork(options: { db: Db; config: Config; live: LiveBus; log: FastifyBaseLogger }): BackgroundWork {
  const { db, config, live, log } = options;
  const now = () => new Date();
  // E-mails to management (A2) from the outbox; events committed before a crash are sent now.
  const dispatcher = new Dispatcher({ db, config, now, log: log.child({ module: 'notifications' }) });
  dispatcher.start();
  // A3: appeals still not forwarded near the end of their Kyiv day, and late ones, announced live.
  const forwardingCheck = new ForwardingCheck({ db, live, now });
  const checkLog = log.child({ module: 'forwarding-check' });
  forwardingCheck.start((error) => checkLog.error(errorFields(error), 'forwarding check failed'));
  // H3 and H5: callbacks that fall due and holds past three minutes, announced live.
  const reminders = new Reminders({ db, live, now, holdLimitSeconds: config.holdLimitSeconds });
  const remindersLog = log.child({ module: 'live-reminders' });
  reminders.start((error) => remindersLog.error(errorFields(error), 'live reminders failed'));
  return {
    async stop() {
      await dispatcher.stop();
      await forwardingCheck.stop();
      await reminders.stop();
    },
  };
}
