// A secret Dovira shows once and never again (an API token, a generated SIP password): the warning,
// the whole secret selected for copying, and «done» to put it away.
import { Alert, Button, CopyButton, Group, Stack, Textarea } from '@mantine/core';
import type { ReactNode } from 'react';

interface SecretShownOnceProps {
  title: string;
  /** The warnings above the secret. */
  children: ReactNode;
  label: string;
  secret: string;
  words: { copy: string; copied: string; done: string };
  onDone: () => void;
  /** The data attribute that marks this alert for the browser tests and the page's scripts. */
  marker: `data-${string}`;
}

export function SecretShownOnce({ title, children, label, secret, words, onDone, marker }: SecretShownOnceProps) {
  return (
    <Alert
      color="yellow"
      variant="light"
      title={title}
      role="alert"
      // The pale yellow calls attention; the title stays dark enough to read.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
      {...{ [marker]: true }}
    >
      <Stack gap="xs">
        {children}
        <Group align="flex-end" gap="xs" wrap="nowrap">
          {/* A text area, not a one-line input: the whole secret is visible, its _ and - included. */}
          <Textarea
            label={label}
            readOnly
            autoFocus
            autosize
            minRows={1}
            value={secret}
            onFocus={(event) => event.currentTarget.select()}
            styles={{ input: { fontFamily: 'monospace', lineHeight: 1.6 } }}
            style={{ flex: 1 }}
          />
          <CopyButton value={secret} timeout={3000}>
            {({ copied, copy }) => (
              <Button onClick={copy} color={copied ? 'green' : undefined} aria-live="polite">
                {copied ? words.copied : words.copy}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group>
          <Button size="xs" variant="default" onClick={onDone}>{words.done}</Button>
        </Group>
      </Stack>
    </Alert>
  );
}
