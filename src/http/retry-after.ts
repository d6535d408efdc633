/** «через 40 с», «через 3 хв»: how long to wait, in the unit a person reads at a glance. */
export function waitText(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  return whole < 60 ? `${whole} с` : `${Math.ceil(whole / 60)} хв`;
}
