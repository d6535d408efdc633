import './zod-without-eval.ts';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import { MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useMemo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api.ts';
import { App } from './app/App.tsx';
import { I18nProvider, useI18n } from './i18n/index.tsx';

// The theme speaks the chosen language: the close button of every alert is named in it.
const themeFor = (closeAlert: string) => createTheme({
  primaryColor: 'blue',
  // Darker shades than Mantine's defaults keep text on coloured backgrounds at WCAG AA contrast.
  primaryShade: 8,
  fontFamily: 'system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif',
  components: {
    // The default grey of a notification's text is too pale for WCAG AA; its close button has no name of its own.
    Notification: {
      styles: { description: { color: 'var(--mantine-color-gray-8)' } },
      defaultProps: { closeButtonProps: { 'aria-label': closeAlert } },
    },
  },
});

// Mantine's dimmed grey and its field-error red fall below the 4.5:1 contrast WCAG AA asks for
// small text on white; darker shades pass.
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {},
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal will not change by asking again; a network blip might.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

function Themed({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const theme = useMemo(() => themeFor(t.common.closeAlert), [t]);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables} defaultColorScheme="light">
      <Notifications position="top-right" />
      {children}
    </MantineProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Themed>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </Themed>
    </I18nProvider>
  </StrictMode>,
);
