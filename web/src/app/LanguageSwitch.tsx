import { SegmentedControl } from '@mantine/core';
import { useI18n, type Language } from '../i18n/index.tsx';

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t.common.language}
      value={language}
      onChange={(value) => setLanguage(value as Language)}
      data={[
        { value: 'uk', label: t.common.languageNames.uk },
        { value: 'en', label: t.common.languageNames.en },
      ]}
    />
  );
}
