// A panel of the operator's workspace that searches as one types (the knowledge base, the court
// directory): its heading for screen readers, the search field, the result count announced, the results.
import { Group, Stack, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type ReactNode, type Ref } from 'react';

/** What is typed, and what is searched for: the same, trimmed, once typing pauses for a quarter second. */
export function useSearchText(): { query: string; setQuery: (query: string) => void; settled: string } {
  const [query, setQuery] = useState('');
  const [settled] = useDebouncedValue(query.trim(), 250);
  return { query, setQuery, settled };
}

interface SearchPanelProps {
  /** The id of the panel's heading. */
  headingId: string;
  heading: string;
  search: { inputRef?: Ref<HTMLInputElement> | undefined; label: string; placeholder: string; value: string; onChange: (text: string) => void };
  /** Filters beside the search field. */
  beside?: ReactNode;
  /** What screen readers are told once the results change. */
  status: string;
  children: ReactNode;
}

export function SearchPanel({ headingId, heading, search, beside, status, children }: SearchPanelProps) {
  const field = (
    <TextInput
      ref={search.inputRef}
      label={search.label}
      placeholder={search.placeholder}
      type="search"
      maxLength={200}
      value={search.value}
      onChange={(event) => search.onChange(event.currentTarget.value)}
      style={beside ? { flex: 2 } : undefined}
    />
  );
  return (
    <section aria-labelledby={headingId}>
      <Stack gap="sm">
        <VisuallyHidden><h2 id={headingId}>{heading}</h2></VisuallyHidden>
        {beside ? <Group gap="xs" align="flex-end" wrap="nowrap">{field}{beside}</Group> : field}
        <VisuallyHidden role="status">{status}</VisuallyHidden>
        {children}
      </Stack>
    </section>
  );
}
