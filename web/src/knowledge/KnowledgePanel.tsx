// H2: the knowledge base search beside the call. Words in any form find their articles («справі»
// finds «справа»); the matched words are marked; an article opens right here to be read aloud.
import { Alert, Badge, Button, Group, Mark, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState, type Ref } from 'react';
import { get } from '../api.ts';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { useI18n } from '../i18n/index.tsx';
import { SearchPanel, useSearchText } from '../shared/SearchPanel.tsx';
import type { ArticleList, ArticleListItem, ArticleView as Article } from '../../../src/knowledge/view.ts';

// The Markdown library loads with the first article opened, not with the workspace.
const Markdown = lazy(async () => ({ default: (await import('./Markdown.tsx')).Markdown }));

type Segment = ArticleListItem['highlight']['title'][number];

function Highlighted({ segments }: { segments: Segment[] }) {
  return <>{segments.map((segment, index) => (segment.match ? <Mark key={index} color="yellow">{segment.text}</Mark> : <span key={index}>{segment.text}</span>))}</>;
}

export function KnowledgePanel({ autoFocusRef }: { autoFocusRef?: Ref<HTMLInputElement> }) {
  const { t } = useI18n();
  const { query, setQuery, settled } = useSearchText();
  const [openId, setOpenId] = useState<string | null>(null);
  const lastOpened = useRef<string | null>(null);
  const resultButtons = useRef(new Map<string, HTMLButtonElement>());
  const list = useQuery({
    queryKey: ['knowledge', 'search', settled],
    queryFn: () => get<ArticleList>(`/knowledge/articles?limit=20${settled ? `&q=${encodeURIComponent(settled)}` : ''}`),
    placeholderData: keepPreviousData,
  });

  // Back from an article: the focus returns to the result it was opened from.
  useEffect(() => {
    if (openId === null && lastOpened.current) resultButtons.current.get(lastOpened.current)?.focus();
  }, [openId]);

  let results;
  if (list.isPending) results = <Loading />;
  else if (list.isError) results = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else if (!settled) {
    results = (
      <>
        <Empty title={t.panels.knowledge.emptyTitle} hint={t.panels.knowledge.emptyHint} />
        {list.data.items.length > 0 && <ResultList heading={t.panels.knowledge.recent} items={list.data.items} buttons={resultButtons.current} onOpen={(id) => { lastOpened.current = id; setOpenId(id); }} />}
      </>
    );
  } else if (list.data.items.length === 0) {
    results = <Empty title={t.panels.knowledge.nothingTitle(settled)} hint={t.panels.knowledge.nothingHint} />;
  } else {
    results = (
      <>
        {list.data.matchMode === 'approximate' && <Alert color="yellow" p="xs">{t.panels.knowledge.approximate}</Alert>}
        <ResultList heading={t.panels.knowledge.results(list.data.items.length)} items={list.data.items} buttons={resultButtons.current} onOpen={(id) => { lastOpened.current = id; setOpenId(id); }} />
      </>
    );
  }

  const status = settled && list.data && !openId ? (list.data.items.length > 0 ? t.panels.knowledge.results(list.data.items.length) : t.panels.knowledge.nothingTitle(settled)) : '';
  return (
    <SearchPanel
      headingId="knowledge-panel-title"
      heading={t.panels.knowledge.heading}
      search={{
        inputRef: autoFocusRef,
        label: t.panels.knowledge.search,
        placeholder: t.panels.knowledge.placeholder,
        value: query,
        onChange: (text) => {
          setQuery(text);
          setOpenId(null);
          lastOpened.current = null;
        },
      }}
      status={status}
    >
      {openId ? <ArticleView id={openId} onBack={() => setOpenId(null)} /> : results}
    </SearchPanel>
  );
}

function ResultList({ heading, items, buttons, onOpen }: { heading: string; items: ArticleListItem[]; buttons: Map<string, HTMLButtonElement>; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  return (
    <Stack gap={6}>
      <Title order={3} size="h6" c="dimmed">{heading}</Title>
      <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {items.map((item) => (
          <Paper component="li" withBorder p="xs" key={item.id}>
            <UnstyledButton
              ref={(element) => {
                if (element) buttons.set(item.id, element);
                else buttons.delete(item.id);
              }}
              onClick={() => onOpen(item.id)}
              aria-label={t.panels.knowledge.open(item.title)}
              w="100%"
            >
              <Text size="sm" fw={600} c="blue.8" td="underline"><Highlighted segments={item.highlight.title} /></Text>
            </UnstyledButton>
            {item.highlight.excerpt.length > 0 && <Text size="xs" mt={2}><Highlighted segments={item.highlight.excerpt} /></Text>}
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

function ArticleView({ id, onBack }: { id: string; onBack: () => void }) {
  const { t, formatDateTime } = useI18n();
  const article = useQuery({ queryKey: ['knowledge', 'article', id], queryFn: () => get<Article>(`/knowledge/articles/${id}`) });
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (article.data) headingRef.current?.focus();
  }, [article.data]);
  return (
    <Stack gap="xs">
      <Group>
        <Button size="xs" variant="subtle" onClick={onBack}>← {t.panels.knowledge.back}</Button>
      </Group>
      {article.isPending && <Loading />}
      {article.isError && <ErrorState error={article.error} onRetry={() => void article.refetch()} />}
      {article.data && (
        <article aria-labelledby={`article-${id}`}>
          <Title order={3} size="h5" id={`article-${id}`} ref={headingRef} tabIndex={-1} mb={4}>{article.data.title}</Title>
          <Group gap={4} mb="xs">
            {article.data.needsReview
              ? <Badge color="orange" c="dark.7" variant="light" size="sm">{t.panels.knowledge.needsReview}</Badge>
              : article.data.lastReviewedAt && <Badge color="green" c="dark.7" variant="light" size="sm">{t.panels.knowledge.reviewed(formatDateTime(article.data.lastReviewedAt))}</Badge>}
            {article.data.tags.map((tag) => <Badge key={tag} color="gray" c="gray.9" variant="outline" size="sm">{tag}</Badge>)}
          </Group>
          <Suspense fallback={<Loading />}><Markdown source={article.data.bodyMarkdown} /></Suspense>
        </article>
      )}
    </Stack>
  );
}
