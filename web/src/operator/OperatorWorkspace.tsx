import { Title } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';

export function OperatorWorkspace() {
  const { t } = useI18n();
  return <Title order={1} size="h3">{t.common.nav.workspace}</Title>;
}
