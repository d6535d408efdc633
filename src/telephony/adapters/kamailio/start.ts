// Wiring for `npm start`: the event stream and the call control, each only when configured.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../../config.ts';
import type { Db } from '../../../db/database.ts';
import type { LiveBus } from '../../../live/bus.ts';
import type { PbxEventSink } from '../../event-sink.ts';
import { kamailioActor } from './actor.ts';
import { KamailioCallControl } from './control.ts';
import { KamailioEventStream } from './stream.ts';

export function kamailioCallControl(config: Config): KamailioCallControl | undefined {
  return config.kamailioJsonrpcUrl ? new KamailioCallControl({ url: config.kamailioJsonrpcUrl }) : undefined;
}

/** Connects to kamailio's evapi (KAMAILIO_EVAPI_ADDRESS) and keeps connecting; undefined when not set. */
export async function startKamailioEvents(options: { db: Db; config: Config; live: LiveBus; queue?: PbxEventSink; log: FastifyBaseLogger }): Promise<KamailioEventStream | undefined> {
  const address = options.config.kamailioEvapi;
  if (!address) return undefined;
  const stream = new KamailioEventStream({
    host: address.host,
    port: address.port,
    db: options.db,
    actor: await kamailioActor(options.db),
    live: options.live,
    queue: options.queue,
    now: () => new Date(),
    log: options.log,
  });
  stream.start();
  return stream;
}

/** The line `npm start` prints. */
export function describeKamailio(config: Config): string {
  const events = config.kamailioEvapi
    ? `події з ${config.kamailioEvapi.host}:${config.kamailioEvapi.port}`
    : 'KAMAILIO_EVAPI_ADDRESS не задано, події kamailio не читаються';
  const control = config.kamailioJsonrpcUrl ? 'завершення дзвінків через JSON-RPC' : 'KAMAILIO_JSONRPC_URL не задано, дзвінки на АТС не завершуються';
  return `${events}; ${control}`;
}
