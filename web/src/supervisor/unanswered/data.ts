// H3: what the API answers about callers nobody answered (src/calls/unanswered-routes.ts) and the
// rule that calls them back (src/callbacks/missed-call-rule.ts), as the screens read it.
import type { MissedCallRule } from '../../../../src/callbacks/missed-call-rule.ts';

export type { MissedCallRule };

export type { UnansweredCall, UnansweredFigures } from '../../../../src/calls/unanswered-view.ts';
export type { UnansweredEndReason } from '../../../../src/calls/unanswered.ts';

export const RULE_KEY = ['settings', 'missed-call-rule'] as const;

/** ISO weekdays as people say them: runs of three or more as «пн–пт», the rest one by one. */
export function daysText(days: readonly number[], names: readonly string[]): string {
  const sorted = [...new Set(days)].filter((day) => day >= 1 && day <= 7).sort((a, b) => a - b);
  const parts: string[] = [];
  for (let index = 0; index < sorted.length;) {
    let end = index;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end += 1;
    const first = names[sorted[index]! - 1]!;
    const last = names[sorted[end]! - 1]!;
    if (end - index >= 2) parts.push(`${first}–${last}`);
    else for (let day = index; day <= end; day += 1) parts.push(names[sorted[day]! - 1]!);
    index = end + 1;
  }
  return parts.join(', ');
}
