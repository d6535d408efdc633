// The SQL of ratings: finding the call a survey belongs to, recording the outcome with its audit
// event, and reading ratings back.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor, AuditEntry } from '../audit/audit.ts';
import { recordAudit } from '../audit/audit.ts';
import type { Database, SurveyChannel, SurveyOutcome } from '../db/schema.ts';
import type { Cursor } from '../http/pagination.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The exchange's call ids as the event API accepts them (src/telephony/contract.ts). */
const PBX_CALL_ID = /^[\w.:@+*#/-]{1,250}$/;

/** How long after a call opened a survey can still find it by the caller's number alone. */
export const MATCH_BY_PHONE_WINDOW_MS = 2 * 60 * 60 * 1000;

export interface SurveyTarget {
  callId: string;
  operatorId: string;
}

export type TargetLookup =
  | { found: true; target: SurveyTarget; by: 'reference' | 'phone' }
  | { found: false; reason: 'no_reference' | 'unknown_call' | 'already_rated' };

/**
 * The call a survey leg belongs to. The reference (the From display name the exchange sets) is
 * Dovira's call id or the exchange's own call id of the operator's leg; without one, the latest
 * call from the caller's number in the last two hours.
 */
export async function findSurveyTarget(db: Kysely<Database>, reference: string | null, callerPhone: string | null, now: Date): Promise<TargetLookup> {
  const ref = reference?.trim() ?? '';
  let call: { id: string; operator_id: string | null } | undefined;
  let by: 'reference' | 'phone';
  if (ref !== '') {
    by = 'reference';
    if (UUID.test(ref)) {
      call = await db.selectFrom('calls').select(['id', 'operator_id']).where('id', '=', ref.toLowerCase()).executeTakeFirst();
    }
    if (!call && PBX_CALL_ID.test(ref)) {
      call = await db.selectFrom('calls').select(['id', 'operator_id']).where('pbx_call_id', '=', ref).orderBy('opened_at', 'desc').executeTakeFirst();
    }
  } else if (callerPhone !== null) {
    by = 'phone';
    call = await db.selectFrom('calls').select(['id', 'operator_id'])
      .where('caller_phone', '=', callerPhone)
      .where('opened_at', '>=', new Date(now.getTime() - MATCH_BY_PHONE_WINDOW_MS))
      .orderBy('opened_at', 'desc').executeTakeFirst();
  } else {
    return { found: false, reason: 'no_reference' };
  }
  // A call no operator took has nobody to rate: the phone's survey treats it as unknown.
  if (!call || call.operator_id === null) return { found: false, reason: 'unknown_call' };
  const rated = await db.selectFrom('survey_ratings').select('id').where('call_id', '=', call.id).where('channel', '=', 'phone').executeTakeFirst();
  if (rated) return { found: false, reason: 'already_rated' };
  return { found: true, target: { callId: call.id, operatorId: call.operator_id }, by };
}

export interface SurveyRecord {
  callId: string;
  operatorId: string;
  channel: SurveyChannel;
  score: number | null;
  comment?: string | null;
  promptsPlayed: number;
  invalidKeys: string;
  sipCallId: string | null;
  startedAt: Date | null;
  recordedAt: Date;
}

/** The row a survey outcome is kept as: whatever way the survey came (baresip, the exchange's event). */
export function surveyRatingRow(record: SurveyRecord) {
  const outcome: SurveyOutcome = record.score === null ? 'no_answer' : 'rated';
  return {
    call_id: record.callId,
    operator_id: record.operatorId,
    channel: record.channel,
    score: record.score,
    outcome,
    comment: record.comment ?? null,
    prompts_played: record.promptsPlayed,
    invalid_keys: record.invalidKeys,
    sip_call_id: record.sipCallId,
    started_at: record.startedAt,
    recorded_at: record.recordedAt,
  };
}

/** The audit event of a recorded outcome (rating `id`). */
export function surveyRatingAudit(id: string, record: SurveyRecord): AuditEntry {
  return {
    entityType: 'survey_rating',
    entityId: id,
    action: surveyRatingRow(record).outcome,
    changes: { callId: record.callId, operatorId: record.operatorId, channel: record.channel, score: record.score, promptsPlayed: record.promptsPlayed },
  };
}

/**
 * Records the outcome and its audit event in one transaction: `db`'s own when it is one (the
 * exchange's event is kept in the same), a new one otherwise. A second outcome for the same call
 * and channel changes nothing (null is returned): the first one stands.
 */
export async function recordSurveyOutcome(db: Kysely<Database>, actor: Actor, record: SurveyRecord): Promise<string | null> {
  const write = async (trx: Transaction<Database>) => {
    const row = await trx.insertInto('survey_ratings').values(surveyRatingRow(record))
      .onConflict((oc) => oc.columns(['call_id', 'channel']).doNothing()).returning('id').executeTakeFirst();
    if (!row) return null;
    await recordAudit(trx, actor, surveyRatingAudit(row.id, record));
    return row.id;
  };
  return isTransaction(db) ? write(db) : db.transaction().execute(write);
}

function isTransaction(db: Kysely<Database>): db is Transaction<Database> {
  return db.isTransaction;
}

export interface RatingFilter {
  operatorId?: string | undefined;
  callId?: string | undefined;
  outcome?: SurveyOutcome | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  cursor?: Cursor | undefined;
  limit: number;
}

export interface ListedRating {
  id: string;
  call_id: string;
  operator_id: string;
  operator_number: number | null;
  operator_full_name: string;
  channel: SurveyChannel;
  score: number | null;
  outcome: SurveyOutcome;
  comment: string | null;
  prompts_played: number;
  started_at: Date | null;
  recorded_at: Date;
}

/** Newest first; limit+1 rows for the keyset page. */
export async function listRatings(db: Kysely<Database>, filter: RatingFilter): Promise<ListedRating[]> {
  let query = db.selectFrom('survey_ratings')
    .innerJoin('users', 'users.id', 'survey_ratings.operator_id')
    .select([
      'survey_ratings.id', 'survey_ratings.call_id', 'survey_ratings.operator_id', 'users.operator_number', 'users.full_name as operator_full_name',
      'survey_ratings.channel', 'survey_ratings.score', 'survey_ratings.outcome', 'survey_ratings.comment', 'survey_ratings.prompts_played',
      'survey_ratings.started_at', 'survey_ratings.recorded_at',
    ])
    .orderBy('survey_ratings.recorded_at', 'desc').orderBy('survey_ratings.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.operatorId) query = query.where('survey_ratings.operator_id', '=', filter.operatorId);
  if (filter.callId) query = query.where('survey_ratings.call_id', '=', filter.callId);
  if (filter.outcome) query = query.where('survey_ratings.outcome', '=', filter.outcome);
  if (filter.from) query = query.where('survey_ratings.recorded_at', '>=', filter.from);
  if (filter.to) query = query.where('survey_ratings.recorded_at', '<', filter.to);
  if (filter.cursor) {
    query = query.where(sql<boolean>`(survey_ratings.recorded_at, survey_ratings.id) < (${filter.cursor.at}::timestamptz, ${filter.cursor.id}::uuid)`);
  }
  return query.execute();
}

export interface OperatorSummary {
  operator_id: string;
  operator_number: number | null;
  operator_full_name: string;
  rated: number;
  no_answer: number;
  average: number | null;
  by_score: [number, number, number, number, number];
}

/** Per operator: how many calls were rated, how, and how many surveys went unanswered. */
export async function summariseRatings(db: Kysely<Database>, filter: Pick<RatingFilter, 'operatorId' | 'from' | 'to'>): Promise<OperatorSummary[]> {
  let query = db.selectFrom('survey_ratings')
    .innerJoin('users', 'users.id', 'survey_ratings.operator_id')
    .select((eb) => [
      'survey_ratings.operator_id', 'users.operator_number', 'users.full_name as operator_full_name',
      eb.fn.count<string>('survey_ratings.score').as('rated'),
      eb.fn.count<string>(eb.case().when('survey_ratings.outcome', '=', 'no_answer').then(1).end()).as('no_answer'),
      eb.fn.avg<string | null>('survey_ratings.score').as('average'),
      ...([1, 2, 3, 4, 5] as const).map((score) => eb.fn.count<string>(eb.case().when('survey_ratings.score', '=', score).then(1).end()).as(`s${score}`)),
    ])
    .groupBy(['survey_ratings.operator_id', 'users.operator_number', 'users.full_name'])
    .orderBy('users.operator_number');
  if (filter.operatorId) query = query.where('survey_ratings.operator_id', '=', filter.operatorId);
  if (filter.from) query = query.where('survey_ratings.recorded_at', '>=', filter.from);
  if (filter.to) query = query.where('survey_ratings.recorded_at', '<', filter.to);
  const rows = await query.execute();
  return rows.map((row) => {
    const counts = row as unknown as Record<'s1' | 's2' | 's3' | 's4' | 's5', string>;
    return {
      operator_id: row.operator_id,
      operator_number: row.operator_number,
      operator_full_name: row.operator_full_name,
      rated: Number(row.rated),
      no_answer: Number(row.no_answer),
      average: row.average === null ? null : Math.round(Number(row.average) * 100) / 100,
      by_score: [Number(counts.s1), Number(counts.s2), Number(counts.s3), Number(counts.s4), Number(counts.s5)],
    };
  });
}
