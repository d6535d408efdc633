// The knowledge base's Markdown (src/knowledge/input.ts: headings, lists, quotes, **bold**, *italic*,
// `code`, [links](https://…); no HTML) turned into React elements by react-markdown. Raw HTML is
// never rendered (react-markdown shows it as text), so an article can never run script in the
// operator's browser; the elements are Mantine's, so an article reads like the rest of the screen.
import { Anchor, Blockquote, Code, Divider, List, Text, Title } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';

/** Only web and mail addresses become links; anything else (javascript:, relative paths) stays text. */
function safeHref(href: string | undefined): string | null {
  return href && /^(https?:\/\/|mailto:)/i.test(href) ? href : null;
}

type HeadingOrder = 3 | 4 | 5 | 6;

function components(headingLevel: number): Components {
  const heading = (level: number) => function Heading({ children }: { children?: ReactNode }) {
    // # and ## sit one level under the article title, ### and deeper further down.
    const order = Math.min(6, Math.max(headingLevel, headingLevel + level - 2)) as HeadingOrder;
    return <Title order={order} size="h6" mt="sm" mb={4}>{children}</Title>;
  };
  const link = (href: string | undefined, children: ReactNode) => {
    const safe = safeHref(href);
    return safe ? <Anchor href={safe} target="_blank" rel="noopener noreferrer">{children}</Anchor> : <span>{children}</span>;
  };
  return {
    h1: heading(1),
    h2: heading(2),
    h3: heading(3),
    h4: heading(4),
    h5: heading(5),
    h6: heading(6),
    p: ({ children }) => <Text size="sm" mb="xs">{children}</Text>,
    ul: ({ children }) => <List type="unordered" size="sm" spacing={2} mb="xs" withPadding>{children}</List>,
    ol: ({ children, start }) => <List type="ordered" start={start} size="sm" spacing={2} mb="xs" withPadding>{children}</List>,
    li: ({ children }) => <List.Item>{children}</List.Item>,
    blockquote: ({ children }) => <Blockquote p="xs" my="xs" color="blue">{children}</Blockquote>,
    code: ({ children }) => <Code>{children}</Code>,
    pre: ({ children }) => <Text component="div" size="sm" mb="xs">{children}</Text>,
    a: ({ href, children }) => link(href, children),
    // The page's Content-Security-Policy loads no outside images: an image is offered as a link.
    img: ({ src, alt }) => link(typeof src === 'string' ? src : undefined, alt),
    hr: () => <Divider my="xs" />,
  };
}

/** Renders an article's Markdown; its headings start at `headingLevel` (the article title sits above). */
export function Markdown({ source, headingLevel = 4 }: { source: string; headingLevel?: 3 | 4 | 5 }) {
  // The same components from one render to the next, so React keeps the article's elements.
  const elements = useMemo(() => components(headingLevel), [headingLevel]);
  return (
    <div>
      <ReactMarkdown components={elements}>{source}</ReactMarkdown>
    </div>
  );
}
