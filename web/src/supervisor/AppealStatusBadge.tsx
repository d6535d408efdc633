import { useI18n } from '../i18n/index.tsx';
import { Tag } from '../shared/Tag.tsx';
import type { AppealStatus } from './types.ts';

const COLOR: Record<AppealStatus, string> = {
  registered: 'blue',
  resolved: 'green',
  forwarded: 'violet',
  acknowledged: 'teal',
  answered: 'green',
};

/** An appeal's status in words, tinted; dark text keeps it readable on every tint. */
export function AppealStatusBadge({ status, size = 'md' }: { status: AppealStatus; size?: 'md' | 'lg' }) {
  const { t } = useI18n();
  return (
    <Tag variant="light" size={size} color={COLOR[status]} c="dark.8" data-status={status}>
      {t.supervisor.appealStatus[status]}
    </Tag>
  );
}
