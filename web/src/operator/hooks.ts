// The operator screen's data: the call, its script, the operator's active calls, and the one way
// every step is recorded (POST /calls/:id/events), safe to retry.
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { get, post } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';
import type { CallerHistory, CallScript, CallSummary, CallView, StandardLimits, StepEvent } from './types.ts';

/**
 * The live channel's `call.changed` refreshes calls at once; this slower poll only covers a live
 * connection that is down or an announcement that was missed.
 */
const POLL_MS = 15_000;

/** An Idempotency-Key; getRandomValues works on plain http too, unlike randomUUID. */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * One key per request body: a retry of the same request (after a network failure) reuses it, so the
 * server never records a step twice; a changed body gets a new key.
 */
export function useRetryKey() {
  const current = useRef<{ body: string; key: string } | null>(null);
  return {
    keyFor(body: unknown): string {
      const text = JSON.stringify(body);
      if (current.current?.body !== text) current.current = { body: text, key: newKey() };
      return current.current.key;
    },
    forget() {
      current.current = null;
    },
  };
}

export function useCall(callId: string, enabled = true) {
  return useQuery({
    queryKey: ['call', callId],
    queryFn: ({ signal }) => get<CallView>(`/calls/${callId}`, signal),
    enabled,
    refetchInterval: (query) => (query.state.data?.status === 'ended' ? false : POLL_MS),
  });
}

export function useScript(callId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['call', callId, 'script'],
    queryFn: ({ signal }) => get<CallScript>(`/calls/${callId}/script`, signal),
    enabled,
  });
}

/** The operator's own calls that are ringing or in progress, oldest first (the one waiting longest). */
export function useMyActiveCalls() {
  return useQuery({
    queryKey: ['calls', 'mine', 'active'],
    queryFn: async ({ signal }) => {
      const [ringing, active] = await Promise.all([
        get<{ items: CallSummary[] }>('/calls?status=ringing&limit=20', signal),
        get<{ items: CallSummary[] }>('/calls?status=active&limit=20', signal),
      ]);
      return [...ringing.items, ...active.items].sort((a, b) => a.openedAt.localeCompare(b.openedAt));
    },
    refetchInterval: POLL_MS,
  });
}

export function useLimits() {
  return useQuery({
    queryKey: ['standard'],
    queryFn: ({ signal }) => get<{ limits: StandardLimits }>('/standard', signal),
    select: (standard) => standard.limits,
    staleTime: Infinity,
  });
}

export function useCallerHistory(phone: string | null) {
  return useQuery({
    queryKey: ['caller', phone],
    queryFn: ({ signal }) => get<CallerHistory>(`/telephony/callers/${encodeURIComponent(phone!)}`, signal),
    enabled: phone !== null,
    staleTime: 60_000,
  });
}

/** Records one step on the call's timeline; the answer is the call as it now is. */
export function useStep(callId: string) {
  const queryClient = useQueryClient();
  const retryKey = useRetryKey();
  const { t } = useI18n();
  return useMutation({
    mutationFn: (event: StepEvent) => post<CallView & { pbxHangup?: { ok: boolean; message: string } }>(`/calls/${callId}/events`, event, retryKey.keyFor(event)),
    onSuccess: (view, event) => {
      retryKey.forget();
      // A call from the exchange ended for no audio or abuse is hung up there too; if the exchange
      // could not, the operator must hang up on the phone, so that alert stays until closed.
      if (view.pbxHangup) {
        notifications.show({
          color: view.pbxHangup.ok ? 'green' : 'red',
          title: view.pbxHangup.ok ? t.operator.pbxHangup.ok : t.operator.pbxHangup.failed,
          message: view.pbxHangup.message,
          autoClose: view.pbxHangup.ok ? 6000 : false,
        });
      }
      queryClient.setQueryData(['call', callId], view);
      void queryClient.invalidateQueries({ queryKey: ['calls'] });
      // The script addresses the caller as recorded (G4).
      if (event.type === 'form_of_address_recorded') void queryClient.invalidateQueries({ queryKey: ['call', callId, 'script'] });
    },
  });
}

/** Re-renders every `everyMs` while `running`, and says what time it is. */
export function useTicker(running: boolean, everyMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [running, everyMs]);
  return running ? now : Date.now();
}

/**
 * Seconds on a server clock now: what the server counted when it answered, plus the time since. The
 * browser's own clock may be off; only its passage of time is used.
 */
export function elapsedNow(serverElapsed: number, answeredAt: number, now: number): number {
  return serverElapsed + Math.max(0, now - answeredAt) / 1000;
}

export function mmss(totalSeconds: number): string {
  const whole = Math.max(0, Math.floor(totalSeconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export type HoldLevel = 'normal' | 'warning' | 'over';

/**
 * The hold the caller is in, as the call's view tells it: recorded in Dovira, started on the phone,
 * or both, one hold timed from the earlier start (as the long-hold alert times it). `phone`: started
 * on the phone with no consent recorded (H1).
 */
export function runningHold(call: CallView): { startedAt: string; elapsedSeconds: number; phone: boolean } | null {
  const { hold, phoneHold } = call.live;
  const earlier = hold && phoneHold ? (phoneHold.elapsedSeconds > hold.elapsedSeconds ? phoneHold : hold) : hold ?? phoneHold;
  return earlier ? { startedAt: earlier.startedAt, elapsedSeconds: earlier.elapsedSeconds, phone: hold === null } : null;
}

/** H5: amber from (limit − warning), red past the limit (exactly the limit is still within it). */
export function holdLevel(elapsed: number, limits: StandardLimits): HoldLevel {
  if (elapsed > limits.holdSeconds) return 'over';
  if (elapsed >= Math.max(0, limits.holdSeconds - limits.holdWarningBeforeSeconds)) return 'warning';
  return 'normal';
}
