// The post-call keypad survey (Q1) runs on a media endpoint, since keypad digits never reach a SIP
// proxy: the endpoint answers the survey leg, plays the prompt and records the caller's key
// through src/survey. Today baresip (src/telephony/adapters/baresip/survey-service.ts).

/** The running survey endpoints, as the process that started them sees them. */
export interface SurveyEndpoints {
  /** Closes every endpoint; an unfinished survey ends as no answer. */
  stop(): Promise<void>;
}
