// Wiring for `npm start` when ARI_URL is set: the event stream, the call-control port, the actor the
// audit trail names, and the line the start-up summary prints.
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../../audit/audit.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { LiveBus } from '../../live/bus.ts';
import { createUser } from '../../users/create.ts';
import { startAsterisk, type RunningAsterisk } from './adapter.ts';
import { AriControl, AsteriskCallControl } from './control.ts';

export const ASTERISK_LOGIN = 'asterisk';

async function existing(db: Db): Promise<Actor | null> {
  const user = await db.selectFrom('users').select(['id', 'role']).where('login', '=', ASTERISK_LOGIN).executeTakeFirst();
  if (!user) return null;
  if (user.role !== 'pbx') throw new Error(`Користувач «${ASTERISK_LOGIN}» уже є, але не з роллю pbx: перейменуйте його, щоб Dovira могла записувати події Asterisk`);
  return { userId: user.id, ip: null };
}

/** Asterisk's events are recorded as a machine user of the role pbx, created on first use with a password nobody knows. */
export async function asteriskActor(db: Db): Promise<Actor> {
  const found = await existing(db);
  if (found) return found;
  try {
    const created = await createUser(db, { userId: null, ip: null }, {
      login: ASTERISK_LOGIN,
      fullName: 'Телефонна станція Asterisk',
      role: 'pbx',
      password: randomBytes(32).toString('base64url'),
    });
    return { userId: created.id, ip: null };
  } catch (error) {
    // Another Dovira process created it at the same moment.
    const raced = await existing(db);
    if (raced) return raced;
    throw error;
  }
}

/** Ending calls on Asterisk from Dovira (T2, D3), when ARI_URL is set. */
export function asteriskCallControl(config: Config): AsteriskCallControl | undefined {
  return config.ari ? new AsteriskCallControl(new AriControl(config.ari)) : undefined;
}

/** Connects to ARI's event stream and keeps connecting; undefined when ARI_URL is not set. */
export async function startAsteriskEvents(options: { db: Db; config: Config; live: LiveBus; log: FastifyBaseLogger }): Promise<RunningAsterisk | undefined> {
  const settings = options.config.ari;
  if (!settings) return undefined;
  return startAsterisk({ db: options.db, settings, live: options.live, log: options.log, actor: await asteriskActor(options.db) });
}

/** The line `npm start` prints (the password never). */
export function describeAsterisk(config: Config): string {
  if (!config.ari) return 'ARI_URL не задано, Asterisk не підключено';
  return `ARI ${new URL(config.ari.url).host}, застосунок Stasis «${config.ari.app}»; події та завершення дзвінків`;
}
