// Every kind of object the audit trail speaks of, and the actions it records for each: the one list
// the server writes by (recordAudit accepts no other pair), the trail's filters accept, and the
// admin's screen offers and labels. Pure data: the web imports it too.
import { SURVEY_OUTCOMES } from '../db/tables/survey.ts';
import { PBX_EVENT_OUTCOMES } from '../db/tables/telephony.ts';

/** The events of a call's timeline (src/calls/events.ts): each is audited under its own type. */
const CALL_TIMELINE_ACTIONS = [
  'offered', 'answered', 'greeted', 'form_of_address_recorded', 'language_recorded', 'topic_recorded',
  'caller_dissatisfied', 'hold_started', 'hold_ended', 'abuse_warning_given', 'bad_audio_started',
  'bad_audio_ended', 'transferred', 'callback_requested', 'understanding_confirmed', 'closing_phrase_said', 'ended',
] as const;

export const AUDIT_ACTIONS = {
  // login_locked: written before the back-off replaced locking accounts (migration 0015); older trails hold it.
  user: ['created', 'updated', 'login', 'logout', 'login_failed', 'login_backoff', 'login_locked'],
  api_token: ['created', 'revoked'],
  setting: ['updated'],
  pbx_extension: ['assigned', 'removed', 'sip_password_set', 'sip_password_removed'],
  /** A caller's number the admin blocked (blocked_numbers), by the number. */
  blocked_number: ['added', 'note_changed', 'removed'],
  /** What became of an event the exchange sent (pbx_events.outcome). */
  pbx_event: PBX_EVENT_OUTCOMES,
  appeal: [
    'registered', 'status_changed', 'forwarded', 'acknowledged', 'answered', 'applicant_informed',
    'management_notified', 'management_notification_failed', 'forwarding_letter_sent', 'forwarding_letter_not_sent',
    'applicant_email_sent', 'applicant_email_not_sent',
  ],
  callback: ['scheduled', 'claimed', 'released', 'attempt_recorded', 'closed', 'cancelled'],
  judicial_body: ['created', 'updated'],
  authorised_person: ['created', 'updated'],
  knowledge_article: ['created', 'updated', 'reviewed', 'seeded'],
  call: [
    'created', ...CALL_TIMELINE_ACTIONS, 'caller_phone_added', 'transfer_leg_linked',
    'phone_hold_started', 'phone_hold_ended', 'pbx_hangup_done', 'pbx_hangup_failed',
    'caller_withheld',
    // A call that waited without an operator got one (or a hunt group's answer moved it); an
    // unanswered call the same caller's later answered call took care of (H3).
    'operator_assigned', 'called_again',
  ],
  /** A citizen's rating (survey_ratings.outcome). */
  survey_rating: SURVEY_OUTCOMES,
} as const;

export type AuditEntityType = keyof typeof AUDIT_ACTIONS;
/** The actions recorded for objects of type E; for no E, any action of any type. */
export type AuditAction<E extends AuditEntityType = AuditEntityType> = (typeof AUDIT_ACTIONS)[E][number];

export const AUDIT_ENTITY_TYPES = Object.keys(AUDIT_ACTIONS) as [AuditEntityType, ...AuditEntityType[]];
/** Every action once, whatever its object. */
export const AUDIT_ACTION_CODES = [...new Set(Object.values(AUDIT_ACTIONS).flat())] as [AuditAction, ...AuditAction[]];

export function isAuditEntityType(value: string): value is AuditEntityType {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/**
 * The fields an event's changes name most often, which the admin's screen puts in words (its i18n
 * maps are typed by this list); a field not listed is shown by its own name.
 */
export const AUDIT_CHANGE_FIELDS = [
  'from', 'to', 'status', 'note', 'reason', 'active', 'role', 'login', 'fullName', 'operatorNumber', 'operatorId',
  'judicialBodyId', 'email', 'hasEmail', 'unlocked', 'userId', 'name', 'scope', 'expiresAt', 'failures', 'until',
  'knownDevice', 'failure', 'message', 'callId', 'appealId', 'assignedOperatorId', 'dueAt', 'noticeId', 'channel',
  'realm', 'generated', 'code', 'kind', 'instance', 'region', 'demo', 'via', 'changed', 'slug', 'published', 'tags',
  'seedKey', 'fields', 'lastReviewedAt', 'outcome', 'phone',
] as const;
export type AuditChangeField = (typeof AUDIT_CHANGE_FIELDS)[number];
