// The life of an appeal. The contact centre either resolves it itself, or forwards it to the
// competent judicial body (A3), which acknowledges receipt and answers the citizen.

export const APPEAL_STATUSES = ['registered', 'resolved', 'forwarded', 'acknowledged', 'answered'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

export const APPEAL_STATUS_LABELS: Record<AppealStatus, string> = {
  registered: 'зареєстровано',
  resolved: 'вирішено контакт-центром',
  forwarded: 'направлено до органу судової влади',
  acknowledged: 'отримано органом судової влади',
  answered: 'надано відповідь',
};

const NEXT: Record<AppealStatus, readonly AppealStatus[]> = {
  registered: ['resolved', 'forwarded'],
  forwarded: ['acknowledged'],
  acknowledged: ['answered'],
  resolved: [],
  answered: [],
};

export function allowedNextStatuses(current: AppealStatus): readonly AppealStatus[] {
  return NEXT[current];
}

/** Said when a step is asked for again: the appeal is in that status already, or past it. */
const ALREADY_TAKEN: Partial<Record<AppealStatus, string>> = {
  forwarded: 'Звернення вже направлено до органу судової влади; повторно його не направляють',
};

/** Whether the appeal's path has led through `step` to `current` (or `current` is `step`). */
function hasPassed(current: AppealStatus, step: AppealStatus): boolean {
  return step === current || NEXT[step].some((later) => hasPassed(current, later));
}

/** Returns null when the change is allowed, else a Ukrainian explanation. */
export function statusChangeRefusal(current: AppealStatus, next: AppealStatus): string | null {
  if (NEXT[current].includes(next)) return null;
  const already = ALREADY_TAKEN[next];
  if (already && hasPassed(current, next)) return already;
  const allowed = NEXT[current].map((s) => `«${APPEAL_STATUS_LABELS[s]}»`).join(' або ');
  return allowed
    ? `Звернення у стані «${APPEAL_STATUS_LABELS[current]}» можна перевести лише у стан ${allowed}`
    : `Звернення у стані «${APPEAL_STATUS_LABELS[current]}» уже закрите, його стан змінити не можна`;
}
