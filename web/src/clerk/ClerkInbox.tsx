import { Title } from '@mantine/core';
import { useI18n } from '../i18n/index.tsx';

export function ClerkInbox() {
  const { t } = useI18n();
  return <Title order={1} size="h3">{t.common.nav.inbox}</Title>;
}
