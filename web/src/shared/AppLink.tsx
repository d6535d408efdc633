// A link inside the app: a real <a href> (opens in a new tab with Ctrl/⌘ or the middle button),
// followed without reloading the page on a plain click.
import { Anchor, type AnchorProps } from '@mantine/core';
import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../app/router.ts';

export function AppLink({ to, children, ...props }: AnchorProps & { to: string; children: ReactNode; 'aria-label'?: string }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <Anchor href={to} onClick={follow} {...props}>
      {children}
    </Anchor>
  );
}
