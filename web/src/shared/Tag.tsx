// A short label in a tinted box (a status, a clock): never cut short, readable at table size.
import { Badge, type BadgeProps } from '@mantine/core';
import type { ReactNode } from 'react';

export function Tag({ children, size = 'lg', ...props }: BadgeProps & { children: ReactNode; title?: string; [data: `data-${string}`]: string | undefined }) {
  return (
    <Badge
      radius="sm"
      size={size}
      {...props}
      styles={{
        root: { minWidth: 'max-content', flexShrink: 0 },
        label: { textTransform: 'none', overflow: 'visible', fontWeight: 600, fontVariantNumeric: 'tabular-nums' },
      }}
    >
      {children}
    </Badge>
  );
}
