// What the live channel tells people, and who may be told what. Events carry ids, numbers and
// statuses only: a screen that wants the details reads them through the API, with its own access.
import type { Principal } from '../http/access.ts';

export type LiveEvent =
  | {
      type: 'appeal.registered';
      appealId: string;
      registrationNumber: string;
      kind: string;
      registeredBy: string;
      at: string;
    }
  | {
      type: 'appeal.status_changed';
      appealId: string;
      registrationNumber: string;
      status: string;
      registeredBy: string;
      /** The judicial body the appeal went to, when it did: its clerks follow it from there. */
      judicialBodyId: string | null;
      at: string;
    };

/** Management sees every appeal (A2); an operator, those they registered; a clerk, their body's. */
export function mayReceive(principal: Principal, event: LiveEvent): boolean {
  switch (principal.role) {
    case 'supervisor':
    case 'admin':
      return true;
    case 'operator':
      return event.registeredBy === principal.userId;
    case 'court_clerk':
      return event.type === 'appeal.status_changed' && event.judicialBodyId !== null && event.judicialBodyId === principal.judicialBodyId;
  }
}
