// What each area of the app adds: its screens, who may see them, and its menu entries.
import { lazy, type ComponentType } from 'react';
import type { Catalogue } from '../i18n/index.tsx';
import type { Role } from './session.ts';

export interface Screen {
  /** e.g. '/supervisor/calls/:id'; the named parts reach the component as props.params. */
  path: string;
  roles: readonly Role[];
  component: ComponentType<{ params: Record<string, string> }>;
}

export interface MenuEntry {
  path: string;
  roles: readonly Role[];
  label: (t: Catalogue) => string;
}

export interface Area {
  screens: Screen[];
  menu: MenuEntry[];
}

type ScreenComponent = ComponentType<{ params: Record<string, string> }>;

/**
 * A screen whose code loads only when someone opens it: the operator's first load carries the
 * operator's screens, not the supervisor's or the admin's.
 */
export function lazyScreen<Name extends string>(load: () => Promise<Record<Name, ScreenComponent>>, name: Name): ScreenComponent {
  return lazy(async () => ({ default: (await load())[name] as ScreenComponent })) as ScreenComponent;
}
