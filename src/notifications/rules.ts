// When to try a delivery again and when to give up: plain data and pure functions.

/** Waits after the 1st, 2nd, 3rd … failed attempt; the last one repeats until MAX_ATTEMPTS. */
export const RETRY_DELAYS_SECONDS = [30, 2 * 60, 10 * 60, 30 * 60, 60 * 60] as const;

/** Attempts before a delivery is recorded as failed: about 6 hours of trying in all. */
export const MAX_ATTEMPTS = 10;

/**
 * How long a claimed delivery belongs to the process that claimed it. A send is cut off well before
 * (SEND_TIMEOUT_MS), so two live processes never send the same delivery at once; only a process
 * that died leaves its lease to run out: a mail in flight when a process is killed goes out about
 * half a minute later from another one (or the restarted one).
 */
export const LEASE_SECONDS = 30;
export const SEND_TIMEOUT_MS = 20_000;

/** Why nothing is sent while SMTP_URL is unset; the deliveries wait and go out once it is set. */
export const MAIL_DISABLED_REASON = 'Надсилання пошти не налаштовано — лист чекає на відправлення; зверніться до адміністратора';

export function retryDelaySeconds(attempts: number): number {
  const index = Math.min(Math.max(attempts, 1), RETRY_DELAYS_SECONDS.length) - 1;
  return RETRY_DELAYS_SECONDS[index]!;
}

export interface FailureVerdict {
  status: 'pending' | 'failed';
  /** For 'pending': when to try again. */
  nextAttemptAt: Date | null;
}

/** After a failed attempt: try again after the back-off, or give up when retrying cannot help. */
export function afterFailure(attempts: number, permanent: boolean, at: Date): FailureVerdict {
  if (permanent || attempts >= MAX_ATTEMPTS) return { status: 'failed', nextAttemptAt: null };
  return { status: 'pending', nextAttemptAt: new Date(at.getTime() + retryDelaySeconds(attempts) * 1000) };
}

export function leaseUntil(at: Date): Date {
  return new Date(at.getTime() + LEASE_SECONDS * 1000);
}
