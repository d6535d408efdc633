// The callbacks screen's data: the list as the operator may see it, one callback with its attempts,
// and the actions on it. Every answer is the callback as it now is, so the screen shows it at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../api.ts';
import { usePagedList } from '../../shared/lists.tsx';
import type { AttemptOutcome, CallbackDetail, CallbackView, CloseOutcome, DialAnswer, DueView, Page } from './types.ts';

const PAGE = 30;
/** Claims and attempts by other operators are not announced live: a slow poll catches them. */
const POLL_MS = 30_000;

export function useCallbackList(view: DueView, mine: boolean) {
  return usePagedList<CallbackView>({
    queryKey: ['callbacks', 'operator', view, mine],
    path: '/callbacks',
    query: { limit: String(PAGE), due: view, mine: mine && 'true' },
    refetchInterval: POLL_MS,
  });
}

/**
 * Callbacks whose time has come and that are the operator's to do: waiting in the shared queue or for
 * them, or taken by them (not one another operator is already on). The workspace's small reminder.
 */
export function useDueCount(me: string | undefined) {
  return useQuery({
    queryKey: ['callbacks', 'due-count'],
    queryFn: ({ signal }) => get<Page<CallbackView>>('/callbacks?due=overdue&limit=20', signal),
    select: (page) => {
      const toDo = (callback: CallbackView) => (callback.status === 'scheduled'
        ? callback.assignedOperatorId === null || callback.assignedOperatorId === me
        : callback.claimedBy === me);
      return { count: page.items.filter(toDo).length, more: page.nextCursor !== null };
    },
    enabled: me !== undefined,
    refetchInterval: 60_000,
  });
}

export function useCallbackDetail(id: string) {
  return useQuery({
    queryKey: ['callbacks', 'detail', id],
    queryFn: ({ signal }) => get<CallbackDetail>(`/callbacks/${id}`, signal),
    refetchInterval: POLL_MS,
  });
}

/** One action on a callback; its answer replaces the cached callback and the lists refetch. */
function useAction<Input, Answer extends CallbackDetail>(id: string, send: (input: Input) => Promise<Answer>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (detail) => {
      queryClient.setQueryData(['callbacks', 'detail', id], detail);
      void queryClient.invalidateQueries({ queryKey: ['callbacks'], predicate: (query) => query.queryKey[1] !== 'detail' });
    },
  });
}

export function useClaim(id: string) {
  return useAction(id, () => post<CallbackDetail>(`/callbacks/${id}/claim`));
}

/** Dialling waits for the exchange's answer (up to the ring time); the outcome becomes an attempt. */
export function useDial(id: string) {
  return useAction(id, () => post<DialAnswer>(`/callbacks/${id}/dial`));
}

export interface AttemptInput {
  outcome: AttemptOutcome;
  note?: string;
  close?: boolean;
}

export function useRecordAttempt(id: string) {
  return useAction(id, (input: AttemptInput) => post<CallbackDetail>(`/callbacks/${id}/attempts`, input));
}

export function useClose(id: string) {
  return useAction(id, (input: { outcome: CloseOutcome; resolution?: string }) => post<CallbackDetail>(`/callbacks/${id}/close`, input));
}

export function useRelease(id: string) {
  return useAction(id, (input: { dueAt?: string }) => post<CallbackDetail>(`/callbacks/${id}/release`, input));
}
