// Every list on the screens goes the same way: loading, an error with a retry, an empty state that
// says what to do next, then the rows; a paged list ends with «Більше» for the next page.
import { Button, Group, Table, Text, type MantineColor, type MantineSpacing, type TableTdProps } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { get } from '../api.ts';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { AppLink } from './AppLink.tsx';

/** A list the API gives a page at a time (src/http/pagination.ts): nextCursor asks for the next one. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * GET `path` a page at a time: the first page at once, each next one on request. Empty or false
 * parameters are left out of the address.
 */
export function usePagedList<T>({ queryKey, path, query, enabled, refetchInterval }: {
  queryKey: readonly unknown[];
  path: string;
  query: Record<string, string | false | undefined>;
  enabled?: boolean;
  refetchInterval?: number;
}) {
  return useInfiniteQuery({
    queryKey,
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
      if (pageParam) params.set('cursor', pageParam);
      return get<Page<T>>(`${path}?${params.toString()}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval,
  });
}

/** What the states need of a query (a plain one or a paged one). */
interface ListQuery {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  /** Paged lists only: the next page failed, the pages already shown stay. */
  isFetchNextPageError?: boolean;
}

/** What to say when there is nothing to show: a title, and a hint of what to do next. */
export interface EmptyState {
  title: string;
  hint?: string;
}

/** What a list says while it loads, when it fails, and when it has nothing. */
export interface StateWords {
  empty?: EmptyState;
  loadingLabel?: string;
  errorTitle?: string;
}

/**
 * Loading, then an error (with a retry), then `empty` when there are no rows, then the rows.
 * Without `empty` an empty list still shows its frame (a table's headings).
 */
export function ListStates<Row>({ query, rows, empty, loadingLabel, errorTitle, children }: StateWords & {
  query: ListQuery;
  rows: readonly Row[];
  children: ReactNode;
}) {
  if (query.isPending) return <Loading label={loadingLabel} />;
  if (query.isError && !query.isFetchNextPageError) {
    return <ErrorState title={errorTitle} error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (rows.length === 0 && empty) return <Empty title={empty.title} hint={empty.hint} />;
  return <>{children}</>;
}

export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** The cell is the row's link (`rowLink`), in bold. */
  link?: boolean;
  cellProps?: TableTdProps;
}

/** What a row carries besides its cells: test ids (data-*), a highlight. */
export interface RowProps {
  bg?: MantineColor;
  [data: `data-${string}`]: string | undefined;
}

export interface TableLook {
  /** Wider than this, the table scrolls sideways inside its frame instead of squeezing its columns. */
  minWidth?: number;
  /** The table's accessible name: a caption shown under it, or the id of a heading that names it. */
  caption?: string;
  labelledBy?: string;
  striped?: boolean;
  highlightOnHover?: boolean;
  verticalSpacing?: MantineSpacing | number;
}

/** A table's rows: the columns, each row's key, what it carries besides its cells, and its link. */
export interface TableRows<Row> {
  columns: readonly Column<Row>[];
  rowKey: (row: Row) => string;
  rowProps?: (row: Row) => RowProps;
  rowLink?: (row: Row) => string;
}

export function DataTable<Row>({ rows, columns, rowKey, rowProps, rowLink, minWidth, caption, labelledBy, striped = true, highlightOnHover = true, verticalSpacing = 6 }: TableLook & TableRows<Row> & {
  rows: readonly Row[];
}) {
  const table = (
    <Table verticalSpacing={verticalSpacing} striped={striped} highlightOnHover={highlightOnHover} aria-labelledby={labelledBy}>
      {caption && <Table.Caption>{caption}</Table.Caption>}
      <Table.Thead>
        <Table.Tr>
          {columns.map((column, index) => <Table.Th key={index} scope="col">{column.header}</Table.Th>)}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)} {...rowProps?.(row)}>
            {columns.map((column, index) => (
              <Table.Td key={index} {...column.cellProps}>
                {column.link && rowLink ? <AppLink to={rowLink(row)} size="sm" fw={600}>{column.cell(row)}</AppLink> : column.cell(row)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return minWidth ? <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer> : table;
}

/** What a paged list's last line says: how many are shown, and that there are no more. */
export interface PagingWords {
  more: string;
  /** Beside the button, announced to screen readers; `complete` once the last page is in. */
  shown?: (count: number, complete: boolean) => string;
  /** In the button's place once the last page is in. */
  end?: string;
}

interface PagedQuery<Row> extends ListQuery {
  data: { pages: readonly Page<Row>[] } | undefined;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => unknown;
}

export function rowsOf<Row>(query: { data: { pages: readonly Page<Row>[] } | undefined }): Row[] {
  return query.data?.pages.flatMap((page) => page.items) ?? [];
}

/**
 * «Більше» under a paged list, and the next page's error with its own retry. By default the count
 * sits on the left and the button on the right; `justify="center"` keeps both in the middle.
 */
export function MoreRows({ query, shown, words, buttonSize = 'sm', justify, mt = 'sm' }: {
  query: Omit<PagedQuery<unknown>, 'data'>;
  shown: number;
  words: PagingWords;
  buttonSize?: 'xs' | 'sm';
  justify?: 'center';
  /** The space above; 0 where the list sits in a Stack that spaces it already. */
  mt?: MantineSpacing | 0;
}) {
  const complete = !query.hasNextPage;
  const said = !complete || words.shown || words.end;
  return (
    <>
      {said && <Group justify={justify ?? (words.shown ? 'space-between' : 'flex-end')} mt={mt}>
        {words.shown && <Text size="sm" c="dimmed" role="status">{words.shown(shown, complete)}</Text>}
        {!complete
          ? <Button variant="default" size={buttonSize} onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>{words.more}</Button>
          : words.end && <Text size="sm" c="dimmed">{words.end}</Text>}
      </Group>}
      {query.isFetchNextPageError && <ErrorState error={query.error} onRetry={() => void query.fetchNextPage()} />}
    </>
  );
}

/** A list (or the part of it fetched so far) as a table, with its states: loading, failed, empty. */
export function ListTable<Row>({ query, rows, empty, loadingLabel, errorTitle, ...table }: TableLook & TableRows<Row> & StateWords & {
  query: ListQuery;
  rows: readonly Row[];
}) {
  return (
    <ListStates query={query} rows={rows} empty={empty} loadingLabel={loadingLabel} errorTitle={errorTitle}>
      <DataTable rows={rows} {...table} />
    </ListStates>
  );
}

/** A paged list drawn as the caller likes (`children` gets the rows so far), with its states and «Більше». */
export function PagedList<Row>({ query, empty, loadingLabel, errorTitle, words, buttonSize, moreSpacing, children }: StateWords & {
  query: PagedQuery<Row>;
  words: PagingWords;
  buttonSize?: 'xs' | 'sm';
  moreSpacing?: MantineSpacing | 0;
  children: (rows: Row[]) => ReactNode;
}) {
  const rows = rowsOf(query);
  return (
    <ListStates query={query} rows={rows} empty={empty} loadingLabel={loadingLabel} errorTitle={errorTitle}>
      {children(rows)}
      <MoreRows query={query} shown={rows.length} words={words} buttonSize={buttonSize} mt={moreSpacing} />
    </ListStates>
  );
}

/** A paged list as a table: its states, the columns, each row's link and «Більше». */
export function PagedTable<Row>({ query, columns, rowKey, rowProps, rowLink, empty, loadingLabel, errorTitle, words, ...look }: TableLook & TableRows<Row> & StateWords & {
  query: PagedQuery<Row>;
  words: PagingWords;
}) {
  return (
    <PagedList query={query} empty={empty} loadingLabel={loadingLabel} errorTitle={errorTitle} words={words}>
      {(rows) => <DataTable rows={rows} columns={columns} rowKey={rowKey} rowProps={rowProps} rowLink={rowLink} {...look} />}
    </PagedList>
  );
}
