// The i18n catalogue: every word on screen comes from here. Ukrainian is the default; an operator
// may switch to English, and the choice is remembered in this browser.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { common as ukCommon } from './uk/common.ts';
import { operator as ukOperator } from './uk/operator.ts';
import { supervisor as ukSupervisor } from './uk/supervisor.ts';
import { clerk as ukClerk } from './uk/clerk.ts';
import { admin as ukAdmin } from './uk/admin.ts';
import { panels as ukPanels } from './uk/panels.ts';
import { common as enCommon } from './en/common.ts';
import { operator as enOperator } from './en/operator.ts';
import { supervisor as enSupervisor } from './en/supervisor.ts';
import { clerk as enClerk } from './en/clerk.ts';
import { admin as enAdmin } from './en/admin.ts';
import { panels as enPanels } from './en/panels.ts';

const uk = { common: ukCommon, operator: ukOperator, panels: ukPanels, supervisor: ukSupervisor, clerk: ukClerk, admin: ukAdmin };
export type Catalogue = typeof uk;
const en: Catalogue = { common: enCommon, operator: enOperator, panels: enPanels, supervisor: enSupervisor, clerk: enClerk, admin: enAdmin };

export type Language = 'uk' | 'en';
export const CATALOGUES: Record<Language, Catalogue> = { uk, en };
const STORAGE_KEY = 'dovira.language';

interface I18n {
  t: Catalogue;
  language: Language;
  setLanguage: (language: Language) => void;
  /** Dates and times as people in Kyiv read them, in the chosen language. */
  formatDateTime: (iso: string | Date) => string;
  formatTime: (iso: string | Date) => string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'uk';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const locale = language === 'uk' ? 'uk-UA' : 'en-GB';
    const dateTime = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Kyiv', dateStyle: 'short', timeStyle: 'short' });
    const time = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Kyiv', hour: '2-digit', minute: '2-digit' });
    return {
      t: CATALOGUES[language],
      language,
      setLanguage: (next) => {
        localStorage.setItem(STORAGE_KEY, next);
        setLanguageState(next);
      },
      formatDateTime: (iso) => dateTime.format(new Date(iso)),
      formatTime: (iso) => time.format(new Date(iso)),
    };
  }, [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
