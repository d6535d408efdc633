// A section of the supervisor's overview: its heading, the link to the whole list, then the latest few.
import { Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { AppLink } from '../shared/AppLink.tsx';

export function OverviewSection({ headingId, title, allTo, allLabel, children }: { headingId: string; title: string; allTo: string; allLabel: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} size="h4" id={headingId}>{title}</Title>
        <AppLink to={allTo} size="sm">{allLabel}</AppLink>
      </Group>
      {children}
    </Paper>
  );
}
