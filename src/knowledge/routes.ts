import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../http/context.ts';
import { actorOf } from '../http/actor.ts';
import { pageQuery } from '../http/pagination.ts';
import type { Role } from '../db/schema.ts';
import { createArticle, markReviewed, readArticle, updateArticle } from './articles.ts';
import { articleTitle, isSlug, markdownBody, MAX_BODY_LENGTH, slugField, tagField, tagsField } from './input.ts';
import { searchArticles } from './search.ts';
import { ArticleList, articleView, ArticleView } from './view.ts';

const readers = ['operator', 'supervisor', 'admin'] as const;
const editors = ['supervisor', 'admin'] as const;

/** Supervisors and admins also see unpublished drafts; operators only what is published. */
const seesDrafts = (role: Role): boolean => (editors as readonly Role[]).includes(role);

const body = markdownBody(MAX_BODY_LENGTH, 'Текст статті');
// 50 000 characters of Cyrillic are 100 KB of UTF-8, more than the app-wide body limit; writes of
// articles alone may be larger (4 bytes a character at worst, plus the other fields).
const ARTICLE_BODY_LIMIT_BYTES = 4 * MAX_BODY_LENGTH + 16 * 1024;

const NewArticleBody = z.strictObject({
  slug: slugField.optional().describe('Без неї адресу утворить транслітерація назви'),
  title: articleTitle,
  bodyMarkdown: body,
  tags: tagsField.default([]),
  published: z.boolean({ error: 'Опубліковано: очікується true або false' }).default(true),
});

const ArticleChangesBody = z.strictObject({
  slug: slugField.optional(),
  title: articleTitle.optional(),
  bodyMarkdown: body.optional(),
  tags: tagsField.optional(),
  published: z.boolean({ error: 'Опубліковано: очікується true або false' }).optional(),
}).refine((changes) => Object.values(changes).some((value) => value !== undefined), 'Вкажіть, що змінити: slug, title, bodyMarkdown, tags або published');

const IdParams = z.strictObject({ id: z.uuid('Некоректний ідентифікатор') });
// Named `id` like the article's other routes, so that all share one path in the API document.
const IdOrSlugParams = z.strictObject({
  id: z.string().max(100).refine((value) => z.uuid().safeParse(value).success || isSlug(value), 'Очікується ідентифікатор або адреса статті')
    .describe('Ідентифікатор статті або її адреса (slug)'),
});

const SearchQuery = z.strictObject({
  ...pageQuery,
  q: z.string({ error: 'Запит: очікується текст' }).max(200, 'Запит: не довше 200 символів').optional()
    .describe('Що шукати: слова в будь-якій формі; помилку в одній-двох літерах пошук пробачає'),
  tag: tagField.optional(),
});

export const knowledgeRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, now }) => {
  const show = async (id: string, role: Role) => articleView(await readArticle(db, id, seesDrafts(role)));

  app.get('/knowledge/articles', {
    config: { access: readers },
    schema: {
      operationId: 'searchArticles',
      tags: ['knowledge'],
      summary: 'Пошук у базі знань (H2): слова в будь-якій формі, з помилками, з виділеними збігами; без q — нещодавно змінені',
      querystring: SearchQuery,
      response: { 200: ArticleList },
    },
  }, async (request) => {
    const { q, tag, limit, cursor } = request.query;
    return searchArticles(db, { q, tag, limit, cursor, withDrafts: seesDrafts(request.principal!.role) });
  });

  app.get('/knowledge/articles/:id', {
    config: { access: readers },
    schema: { operationId: 'getArticle', tags: ['knowledge'], summary: 'Стаття бази знань за ідентифікатором або адресою', params: IdOrSlugParams, response: { 200: ArticleView } },
  }, async (request) => show(request.params.id, request.principal!.role));

  app.post('/knowledge/articles', {
    config: { access: editors },
    bodyLimit: ARTICLE_BODY_LIMIT_BYTES,
    schema: {
      operationId: 'createArticle', problems: [409],
      tags: ['knowledge'],
      summary: `Нова стаття бази знань (Markdown до ${MAX_BODY_LENGTH} символів, без HTML)`,
      body: NewArticleBody,
      response: { 201: ArticleView },
    },
  }, async (request, reply) => {
    const id = await createArticle(db, actorOf(request), request.body, now());
    return reply.status(201).send(await show(id, request.principal!.role));
  });

  app.patch('/knowledge/articles/:id', {
    config: { access: editors },
    bodyLimit: ARTICLE_BODY_LIMIT_BYTES,
    schema: { operationId: 'updateArticle', problems: [409], tags: ['knowledge'], summary: 'Змінити статтю бази знань', params: IdParams, body: ArticleChangesBody, response: { 200: ArticleView } },
  }, async (request) => {
    await updateArticle(db, actorOf(request), request.params.id, request.body, now());
    return show(request.params.id, request.principal!.role);
  });

  app.post('/knowledge/articles/:id/reviewed', {
    config: { access: editors },
    schema: {
      operationId: 'markArticleReviewed',
      tags: ['knowledge'],
      summary: 'Позначити статтю перевіреною: керівник підтверджує, що вона правильна на сьогодні',
      params: IdParams,
      body: z.strictObject({}).optional(),
      response: { 200: ArticleView },
    },
  }, async (request) => {
    await markReviewed(db, { ...actorOf(request), userId: request.principal!.userId }, request.params.id, now());
    return show(request.params.id, request.principal!.role);
  });
};
