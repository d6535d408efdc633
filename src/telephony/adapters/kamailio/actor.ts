// Who kamailio's events are recorded as: the machine user «kamailio» of the role pbx.
import type { Actor } from '../../../audit/audit.ts';
import type { Db } from '../../../db/database.ts';
import { machineActor } from '../../machine-actor.ts';

export const KAMAILIO_LOGIN = 'kamailio';

export function kamailioActor(db: Db): Promise<Actor> {
  return machineActor(db, KAMAILIO_LOGIN, 'kamailio');
}
