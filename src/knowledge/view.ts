import { z } from 'zod';
import type { Segment } from './highlight.ts';

const SegmentView = z.object({ text: z.string(), match: z.boolean().describe('Чи це слово збігається з пошуковим запитом') });

export const ArticleView = z.object({
  id: z.uuid(),
  slug: z.string().describe('Адреса статті латиницею, напр. stan-rozghliadu-spravy'),
  title: z.string(),
  bodyMarkdown: z.string().describe('Текст статті у форматі Markdown'),
  tags: z.array(z.string()),
  published: z.boolean(),
  lastReviewedAt: z.string().nullable().describe('Коли керівник востаннє підтвердив, що стаття правильна'),
  reviewedBy: z.object({ id: z.uuid(), fullName: z.string() }).nullable(),
  needsReview: z.boolean().describe('Статтю ще не перевіряли або змінили після перевірки'),
  createdBy: z.uuid().nullable().describe('null для початкових статей, які створила сама Dovira'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ArticleView = z.infer<typeof ArticleView>;

export const ArticleListItem = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  tags: z.array(z.string()),
  published: z.boolean(),
  lastReviewedAt: z.string().nullable(),
  needsReview: z.boolean(),
  updatedAt: z.string(),
  highlight: z.object({
    title: z.array(SegmentView).describe('Назва частинами; match: true — слова, що збіглися із запитом'),
    excerpt: z.array(SegmentView).describe('Уривок тексту (без Markdown) довкола першого збігу'),
  }),
});
export type ArticleListItem = z.infer<typeof ArticleListItem>;

export const ArticleList = z.object({
  items: z.array(ArticleListItem),
  nextCursor: z.string().nullable(),
  matchMode: z.enum(['exact', 'approximate']).nullable()
    .describe('exact — знайдено всі слова запиту; approximate — точних збігів немає, показано схожі слова або частину слів; null — без запиту'),
});
export type ArticleList = z.infer<typeof ArticleList>;

export interface ArticleRow {
  id: string;
  slug: string;
  title: string;
  body_markdown: string;
  tags: string[];
  published: boolean;
  last_reviewed_at: Date | null;
  reviewed_by: string | null;
  reviewer_name: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export function needsReview(row: { last_reviewed_at: Date | null; updated_at: Date }): boolean {
  return row.last_reviewed_at === null || row.updated_at.getTime() > row.last_reviewed_at.getTime();
}

export function articleView(row: ArticleRow): ArticleView {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    bodyMarkdown: row.body_markdown,
    tags: row.tags,
    published: row.published,
    lastReviewedAt: row.last_reviewed_at?.toISOString() ?? null,
    reviewedBy: row.reviewed_by ? { id: row.reviewed_by, fullName: row.reviewer_name ?? '' } : null,
    needsReview: needsReview(row),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export interface ListedRow {
  id: string;
  slug: string;
  title: string;
  tags: string[];
  published: boolean;
  last_reviewed_at: Date | null;
  updated_at: Date;
}

export function listItem(row: ListedRow, title: Segment[], excerpt: Segment[]): ArticleListItem {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    tags: row.tags,
    published: row.published,
    lastReviewedAt: row.last_reviewed_at?.toISOString() ?? null,
    needsReview: needsReview(row),
    updatedAt: row.updated_at.toISOString(),
    highlight: { title, excerpt },
  };
}
