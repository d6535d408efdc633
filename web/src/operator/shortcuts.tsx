// Keyboard-first: every step of a call has an Alt+letter shortcut. One listener serves the whole
// screen; each part of the screen registers what its shortcuts do while it is shown. The keys are
// physical (KeyG is G whatever the keyboard layout), so they work with the Ukrainian layout too,
// and they also work while the cursor is in a field.
import { useHotkeys } from '@mantine/hooks';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
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

/** How long a key pressed before the part of the screen that answers it is shown waits for it. */
const KEY_WAIT_MS = 3000;

/**
 * Who answers each shortcut, and the keys still waiting for an answer. A key is never dropped: one
 * pressed while nothing answers it yet (the new call's script still loading after the Enter that
 * opened it) waits until a part of the screen registers for it, in the order the keys were pressed.
 * While a new call is being opened the keys wait for the new call's screen, so an Alt+G pressed
 * right after the Enter greets the new caller, never the call still on screen.
 */
export class ShortcutRegistry {
  readonly #handlers = new Map<ShortcutId, { run: Handler; seq: number; ofCall: boolean }[]>();
  #seq = 0;
  /** Waiting keys, with the last registration of the call being left (-1: none) and the time they give up. */
  #waiting: { id: ShortcutId; after: number; until: number }[] = [];
  /** While a new call opens: handlers registered up to here belong to the screen being left. */
  #holdAfter: number | null = null;
  readonly #now: () => number;

  constructor(now: () => number = () => Date.now()) {
    this.#now = now;
  }

  press(id: ShortcutId): void {
    this.#waiting.push({ id, after: this.#holdAfter ?? -1, until: this.#now() + KEY_WAIT_MS });
    this.#deliver();
  }

  /**
   * While on screen: the most recently shown part of the screen answers. `ofCall`: a part of one
   * call's screen (its script), as against the parts that stay whichever call is shown.
   */
  register(id: ShortcutId, run: Handler, ofCall = false): () => void {
    const entry = { run, seq: ++this.#seq, ofCall };
    this.#handlers.set(id, [...(this.#handlers.get(id) ?? []), entry]);
    this.#deliver();
    return () => {
      this.#handlers.set(id, (this.#handlers.get(id) ?? []).filter((candidate) => candidate !== entry));
    };
  }

  /** A new call is being opened: keys pressed from now on are for its screen. */
  holdForNewScreen(): void {
    this.#holdAfter ??= this.#seq;
  }

  /** The new call is open (its screen on the way): `drop` when it could not be opened. */
  releaseHold({ drop }: { drop: boolean }): void {
    if (this.#holdAfter === null) return;
    if (drop) this.#waiting = this.#waiting.filter((key) => key.after !== this.#holdAfter);
    this.#holdAfter = null;
    this.#deliver();
  }

  /** Each waiting key whose part of the screen is now shown runs, in the order pressed; the rest wait on. */
  #deliver(): void {
    const now = this.#now();
    const waiting = this.#waiting.filter((key) => key.until >= now);
    this.#waiting = [];
    for (const key of waiting) {
      // A key pressed while a new call opened is not for the call being left.
      const handler = this.#handlers.get(key.id)?.filter((entry) => !entry.ofCall || entry.seq > key.after).at(-1);
      if (handler) handler.run();
      else this.#waiting.push(key);
    }
  }
}

const ShortcutContext = createContext<ShortcutRegistry | null>(null);
const CallScope = createContext(false);

/** Marks the shortcuts of one call's screen: a key pressed while the next call opens is not theirs. */
export function CallShortcuts({ children }: { children: ReactNode }) {
  return <CallScope.Provider value>{children}</CallScope.Provider>;
}

export function ShortcutProvider({ children }: { children: ReactNode }) {
  const [registry] = useState(() => new ShortcutRegistry());
  useHotkeys(
    SHORTCUT_IDS.map((id) => [`alt+${SHORTCUTS[id].toLowerCase()}`, () => registry.press(id), { usePhysicalKeys: true }]),
    [],
  );
  return <ShortcutContext.Provider value={registry}>{children}</ShortcutContext.Provider>;
}

/** The screen's shortcuts, for a part that changes which screen the keys are for (opening a call). */
export function useShortcutRegistry(): ShortcutRegistry | null {
  return useContext(ShortcutContext);
}

/** While the component is on screen, Alt+<key of `id`> runs `handler` (the latest one it was given). */
export function useShortcut(id: ShortcutId, handler: Handler | null): void {
  const registry = useContext(ShortcutContext);
  const ofCall = useContext(CallScope);
  const latest = useRef(handler);
  latest.current = handler;
  const active = handler !== null;
  useEffect(() => {
    if (!registry || !active) return;
    return registry.register(id, () => latest.current?.(), ofCall);
  }, [registry, id, active, ofCall]);
}

/** Moves the cursor to an element and brings it into view. */
export function focusOn(element: HTMLElement | null | undefined): void {
  if (!element) return;
  element.focus();
  element.scrollIntoView({ block: 'center', behavior: 'instant' });
}
