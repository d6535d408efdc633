// The live channel (WebSocket /api/v1/live): events arrive while the person works, a lost
// connection is shown and comes back by itself, and every screen can listen for what it shows.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';

/** `crowded`: the server refused one more channel for this user (too many tabs open). */
export type LiveStatus = 'connecting' | 'connected' | 'lost' | 'crowded';

// The server's close code for a user holding too many channels (src/live/routes.ts).
const CLOSE_TOO_MANY = 4429;

/** What the server sends: see src/live/events.ts; screens read the fields they need. */
export interface LiveMessage {
  type: string;
  at?: string;
  [field: string]: unknown;
}

type Listener = (message: LiveMessage) => void;

interface LiveChannel {
  status: LiveStatus;
  subscribe: (listener: Listener) => () => void;
}

const LiveContext = createContext<LiveChannel | null>(null);

// Which cached lists a live event makes stale: the screens then refetch them without a reload.
const STALE_AFTER: Record<string, readonly string[]> = {
  'appeal.registered': ['appeals', 'forwarding-due', 'clerk-inbox'],
  'appeal.status_changed': ['appeals', 'appeal', 'forwarding-due', 'clerk-inbox'],
  'appeal.forwarding_due': ['forwarding-due'],
  'appeal.forwarding_late': ['forwarding-due'],
  'callback.due': ['callbacks'],
  'call.hold_long': ['calls', 'call'],
  'call.changed': ['calls', 'call'],
};

export function LiveProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let stopped = false;

    const connect = () => {
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(`${scheme}//${location.host}/api/v1/live`);
      socket.onmessage = (event) => {
        let message: LiveMessage;
        try {
          message = JSON.parse(String(event.data)) as LiveMessage;
        } catch {
          return;
        }
        // The server says hello once it listens for this screen, which is after the socket opened
        // (it checks the session first): only from then on is nothing missed, so only then is the
        // channel connected, and whatever happened before (or while the line was down) fetched again.
        if (message.type === 'hello') {
          attempts = 0;
          setStatus('connected');
          void queryClient.invalidateQueries();
          return;
        }
        for (const key of STALE_AFTER[message.type] ?? []) void queryClient.invalidateQueries({ queryKey: [key] });
        listeners.current.forEach((listener) => listener(message));
      };
      socket.onclose = (event) => {
        if (stopped) return;
        const crowded = event.code === CLOSE_TOO_MANY;
        setStatus(crowded ? 'crowded' : 'lost');
        // 0.5 s, 1 s, 2 s … up to 10 s between tries; refused for too many tabs, every 30 s until one closes.
        const delay = crowded ? 30_000 : Math.min(10_000, 500 * 2 ** attempts++);
        retry = setTimeout(connect, delay);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      socket?.close();
    };
  }, [queryClient]);

  const channel = useRef<LiveChannel>({ status, subscribe: () => () => {} });
  channel.current = {
    status,
    subscribe: (listener) => {
      listeners.current.add(listener);
      return () => listeners.current.delete(listener);
    },
  };
  return <LiveContext.Provider value={channel.current}>{children}</LiveContext.Provider>;
}

export function useLiveStatus(): LiveStatus {
  return useContext(LiveContext)?.status ?? 'connecting';
}

/** Calls `listener` for every live message while the component is on screen. */
export function useLiveMessages(listener: Listener): void {
  const channel = useContext(LiveContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => channel?.subscribe((message) => latest.current(message)), [channel]);
}
