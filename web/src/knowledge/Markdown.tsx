// The knowledge base's Markdown (src/knowledge/input.ts: headings, lists, quotes, **bold**, *italic*,
// `code`, [links](https://…); no HTML) turned into React elements. Nothing is inserted as HTML, so
// an article can never run script in the operator's browser.
import { Anchor, Blockquote, Code, List, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { splitInline } from '../../../src/knowledge/markdown.ts';

type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'quote'; text: string }
  | { type: 'paragraph'; text: string };

function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ type: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    // The line is trimmed, so the text after the marker starts with \S: the spaces cannot be shared.
    const heading = /^(#{1,6})\s+(\S.*)$/.exec(line);
    const bullet = /^[-*+]\s+(\S.*)$/.exec(line);
    const numbered = /^\d+[.)]\s+(\S.*)$/.exec(line);
    const quote = /^>\s?(.*)$/.exec(line);
    const last = blocks.at(-1);
    if (!line) flush();
    else if (heading) {
      flush();
      blocks.push({ type: 'heading', level: heading[1]!.length, text: heading[2]! });
    } else if (bullet || numbered) {
      flush();
      const ordered = Boolean(numbered);
      const text = (bullet ?? numbered)![1]!;
      if (last?.type === 'list' && last.ordered === ordered && paragraph.length === 0) last.items.push(text);
      else blocks.push({ type: 'list', ordered, items: [text] });
    } else if (quote) {
      flush();
      if (last?.type === 'quote') last.text += ` ${quote[1]}`;
      else blocks.push({ type: 'quote', text: quote[1]! });
    } else if (last?.type === 'list' && paragraph.length === 0 && /^\s/.test(raw)) {
      // An indented line continues the list item above it.
      last.items[last.items.length - 1] += ` ${line}`;
    } else paragraph.push(line);
  }
  flush();
  return blocks;
}

function safeHref(href: string): string | null {
  return /^(https?:\/\/|mailto:)/i.test(href) ? href : null;
}

function inline(text: string): ReactNode[] {
  return splitInline(text).map((part, index) => {
    if (/^(\*\*|__)/.test(part) && part.length > 4) return <strong key={index}>{inline(part.slice(2, -2))}</strong>;
    if (/^[*_]/.test(part) && part.length > 2 && /[*_]$/.test(part)) return <em key={index}>{inline(part.slice(1, -1))}</em>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) return <Code key={index}>{part.slice(1, -1)}</Code>;
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
    if (link) {
      const href = safeHref(link[2]!);
      return href
        ? <Anchor key={index} href={href} target="_blank" rel="noopener noreferrer">{inline(link[1]!)}</Anchor>
        : <span key={index}>{link[1]}</span>;
    }
    return part;
  });
}

/** Renders an article's Markdown; its headings start at `headingLevel` (the article title sits above). */
export function Markdown({ source, headingLevel = 4 }: { source: string; headingLevel?: 3 | 4 | 5 }) {
  return (
    <div>
      {blocksOf(source).map((block, index) => {
        switch (block.type) {
          case 'heading': {
            // # and ## sit one level under the article title, ### and deeper further down.
            const order = Math.min(6, Math.max(headingLevel, headingLevel + block.level - 2)) as 3 | 4 | 5 | 6;
            return <Title key={index} order={order} size="h6" mt="sm" mb={4}>{inline(block.text)}</Title>;
          }
          case 'list':
            return (
              <List key={index} type={block.ordered ? 'ordered' : 'unordered'} size="sm" spacing={2} mb="xs" withPadding>
                {block.items.map((item, itemIndex) => <List.Item key={itemIndex}>{inline(item)}</List.Item>)}
              </List>
            );
          case 'quote':
            return <Blockquote key={index} p="xs" my="xs" color="blue"><Text size="sm">{inline(block.text)}</Text></Blockquote>;
          case 'paragraph':
            return <Text key={index} size="sm" mb="xs">{inline(block.text)}</Text>;
        }
      })}
    </div>
  );
}
