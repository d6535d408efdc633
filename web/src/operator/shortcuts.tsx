// Keyboard-first: every step of a call has an Alt+letter shortcut. One listener serves the whole
// screen; each part of the screen registers what its shortcuts do while it is shown. The keys are
// physical (KeyG is G whatever the keyboard layout), so they work with the Ukrainian layout too,
// and they also work while the cursor is in a field.
import { useHotkeys } from '@mantine/hooks';
import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import type { Catalogue } from '../i18n/index.tsx';

// Alt+D, Alt+E and Alt+F are left to the browser (address bar and menus).
export const SHORTCUTS = {
  newCall: 'N',
  pickUp: 'P',
  greeted: 'G',
  language: 'L',
  formOfAddress: 'A',
  topic: 'T',
  hold: 'H',
  badAudio: 'Z',
  resolved: 'V',
  dissatisfied: 'U',
  abuse: 'W',
  transfer: 'R',
  understood: 'K',
  closing: 'C',
  end: 'X',
  knowledge: 'B',
  directory: 'S',
  appeal: 'O',
} as const;

export type ShortcutId = keyof typeof SHORTCUTS;
export const SHORTCUT_IDS = Object.keys(SHORTCUTS) as ShortcutId[];

/** As people read it and as aria-keyshortcuts wants it: «Alt+G». */
export const keysOf = (id: ShortcutId) => `Alt+${SHORTCUTS[id]}`;

export const shortcutLabel = (t: Catalogue, id: ShortcutId) => t.operator.shortcuts[id];

type Handler = () => void;
type Registry = Map<ShortcutId, Handler[]>;

const ShortcutContext = createContext<Registry | null>(null);

export function ShortcutProvider({ children }: { children: ReactNode }) {
  const registry = useRef<Registry>(new Map());
  useHotkeys(
    SHORTCUT_IDS.map((id) => [
      `alt+${SHORTCUTS[id].toLowerCase()}`,
      () => {
        // The most recently shown part of the screen answers.
        const handlers = registry.current.get(id);
        handlers?.at(-1)?.();
      },
      { usePhysicalKeys: true },
    ]),
    [],
  );
  return <ShortcutContext.Provider value={registry.current}>{children}</ShortcutContext.Provider>;
}

/** While the component is on screen, Alt+<key of `id`> runs `handler` (the latest one it was given). */
export function useShortcut(id: ShortcutId, handler: Handler | null): void {
  const registry = useContext(ShortcutContext);
  const latest = useRef(handler);
  latest.current = handler;
  const active = handler !== null;
  useEffect(() => {
    if (!registry || !active) return;
    const run = () => latest.current?.();
    registry.set(id, [...(registry.get(id) ?? []), run]);
    return () => {
      registry.set(id, (registry.get(id) ?? []).filter((candidate) => candidate !== run));
    };
  }, [registry, id, active]);
}

/** Moves the cursor to an element and brings it into view. */
export function focusOn(element: HTMLElement | null | undefined): void {
  if (!element) return;
  element.focus();
  element.scrollIntoView({ block: 'center', behavior: 'instant' });
}
