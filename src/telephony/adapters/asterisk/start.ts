// Wiring for `npm start` when ARI_URL is set: the event stream, the call-control port, the actor the
// audit trail names, and the line the start-up summary prints.
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from '../../../audit/audit.ts';
import type { Config } from '../../../config.ts';
import type { Db } from '../../../db/database.ts';
import type { LiveBus } from '../../../live/bus.ts';
import type { PbxEventSink } from '../../event-sink.ts';
import { machineActor } from '../../machine-actor.ts';
import { startAsterisk, type RunningAsterisk } from './adapter.ts';
import { AriControl, AsteriskCallControl } from './control.ts';

export const ASTERISK_LOGIN = 'asterisk';

/** Asterisk's events are recorded as the machine user «asterisk» of the role pbx. */
export function asteriskActor(db: Db): Promise<Actor> {
  return machineActor(db, ASTERISK_LOGIN, 'Asterisk');
}

/** Ending calls on Asterisk from Dovira (T2, D3), when ARI_URL is set. */
export function asteriskCallControl(config: Config): AsteriskCallControl | undefined {
  return config.ari ? new AsteriskCallControl(new AriControl(config.ari)) : undefined;
}

/** Connects to ARI's event stream and keeps connecting; undefined when ARI_URL is not set. */
export async function startAsteriskEvents(options: { db: Db; config: Config; live: LiveBus; queue?: PbxEventSink; log: FastifyBaseLogger }): Promise<RunningAsterisk | undefined> {
  const settings = options.config.ari;
  if (!settings) return undefined;
  return startAsterisk({
    db: options.db, settings, live: options.live, log: options.log, actor: await asteriskActor(options.db),
    ...(options.queue ? { ingest: options.queue } : {}),
  });
}

/** The line `npm start` prints (the password never). */
export function describeAsterisk(config: Config): string {
  if (!config.ari) return 'ARI_URL не задано, Asterisk не підключено';
  return `ARI ${new URL(config.ari.url).host}, застосунок Stasis «${config.ari.app}»; події та завершення дзвінків`;
}
