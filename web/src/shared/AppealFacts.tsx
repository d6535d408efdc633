// An appeal's card as A1 records it, the same for management and for the court: the applicant and
// how to reach them, the kind, when it was registered, then the essence in the applicant's words.
import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { AppealView } from '../../../src/appeals/view.ts';
import { useI18n } from '../i18n/index.tsx';
import { FactGrid } from './FactGrid.tsx';
import { displayPhone } from './phone.ts';

/** What each screen calls the registration (t.supervisor.appeal, t.clerk.appeal); the rest is t.common.appealFacts. */
export interface AppealFactLabels {
  registeredAt: string;
}

/**
 * `more`: facts the screen adds after the registration (who registered it, when it was forwarded);
 * `children`: what it shows between the facts and the essence.
 */
export function AppealFacts({ appeal, labels, more = [], children }: {
  appeal: AppealView;
  labels: AppealFactLabels;
  more?: readonly [string, string][];
  children?: ReactNode;
}) {
  const { t, formatDateTime } = useI18n();
  const words = t.common.appealFacts;
  const applicant = appeal.applicant;
  const facts: [string, string][] = [
    [words.applicant, `${applicant.surname} ${applicant.givenName} ${applicant.patronymic}`],
    [words.residence, applicant.residence],
    [words.phone, displayPhone(applicant.phone)],
    [words.email, applicant.email ?? words.noEmail],
    [words.kind, t.supervisor.appealKind[appeal.kind]],
    [labels.registeredAt, formatDateTime(appeal.registeredAt)],
    ...more,
  ];
  return (
    <Stack gap="sm">
      <FactGrid facts={facts} cols={{ base: 1, sm: 2 }} />
      {children}
      <div>
        <Text size="xs" c="dimmed">{words.essence}</Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{appeal.essence}</Text>
      </div>
    </Stack>
  );
}
