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
    }
  | {
      /** A3: still not forwarded near the end of its Kyiv day (due), or after it (late); supervisors only. */
      type: 'appeal.forwarding_due' | 'appeal.forwarding_late';
      appealId: string;
      registrationNumber: string;
      registeredBy: string;
      /** The last Kyiv day of same-day forwarding. */
      deadline: string;
      at: string;
    }
  | {
      /** H3: a callback's time has come. */
      type: 'callback.due';
      callbackId: string;
      /** Null: the shared queue, which every operator works. */
      assignedOperatorId: string | null;
      dueAt: string;
      at: string;
    }
  | {
      /** H5: a caller has waited on hold longer than the Standard's three minutes. */
      type: 'call.hold_long';
      callId: string;
      operatorId: string;
      holdStartedAt: string;
      limitSeconds: number;
      /** Where the hold began: on the phone (no consent recorded then, H1) or recorded in Dovira. */
      source: 'phone' | 'standard';
      at: string;
    }
  | {
      /** A call was opened or its timeline grew (operator's step or PBX report), after it committed. */
      type: 'call.changed';
      callId: string;
      /** Null while no operator has taken the call (it waits in a queue or rings a group). */
      operatorId: string | null;
      status: 'ringing' | 'active' | 'ended';
      /** H5: when the hold now running began, or null when the caller is not on hold. */
      onHoldSince: string | null;
      /** H5: when the hold started on the phone (no consent recorded, H1) began, if one runs; else null. */
      phoneHoldSince: string | null;
      lastEventType: string | null;
      at: string;
    };

/** Management sees every appeal (A2); an operator, those they registered; a clerk, their body's. */
export function mayReceive(principal: Principal, event: LiveEvent): boolean {
  switch (principal.role) {
    case 'supervisor':
    case 'admin':
      return true;
    case 'operator':
      if (event.type === 'callback.due') return event.assignedOperatorId === null || event.assignedOperatorId === principal.userId;
      if (event.type === 'call.hold_long' || event.type === 'call.changed') return event.operatorId === principal.userId;
      // Deadline warnings are for management, who see every appeal still to forward.
      if (event.type === 'appeal.forwarding_due' || event.type === 'appeal.forwarding_late') return false;
      return event.registeredBy === principal.userId;
    case 'court_clerk':
      return event.type === 'appeal.status_changed' && event.judicialBodyId !== null && event.judicialBodyId === principal.judicialBodyId;
    case 'pbx':
      return false; // The exchange reports calls; it is shown nothing.
  }
}
