// Texts that once stalled the whole server through a backtracking pattern, sent through the HTTP
// application: each is refused with the field named and nothing written, or, where it is honest
// Markdown, stored and found by the search. How long they take is measured by `npm run bench`
// (scenario hostileText), and test/regex-safety.test.ts proves that no pattern can backtrack.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { databaseTargets } from './databases.ts';
import { startTestApp, type TestApp } from './app.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';
const ARTICLES = '/api/v1/knowledge/articles';

const appeal = {
  surname: 'Коваль', givenName: 'Ігор', patronymic: 'Петрович', residence: 'м. Львів',
  essence: 'Прошу роз’яснити порядок подання апеляційної скарги', kind: 'request', phone: '0501234567',
};
const article = { title: 'Порядок подання скарги', bodyMarkdown: 'Скаргу подають письмово.', tags: ['скарга'] };

/** The texts of the probes that stalled the server. */
const linkOpeners = '[a]('.repeat(1000) + 'ворожий'.repeat(715).slice(0, 5000);
const spaced = (spaces: number) => `а${' '.repeat(spaces)}б`;
const tagAfterBreaks = (breaks: number, last: string) => `<${'\n'.repeat(breaks)}${last}`;

for (const target of databaseTargets()) {
  describe(`hostile text on ${target.name}`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t?.close(); });

    async function counts() {
      const one = async (table: 'appeals' | 'knowledge_articles' | 'audit_events' | 'idempotency_keys') =>
        Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      return { appeals: await one('appeals'), articles: await one('knowledge_articles'), audit: await one('audit_events'), keys: await one('idempotency_keys') };
    }

    /** A 400 problem naming exactly this field, and nothing written. */
    async function refused(send: () => Promise<LightMyRequestResponse>, field: string, message: RegExp) {
      const before = await counts();
      const response = await send();
      assert.equal(response.statusCode, 400, response.body.slice(0, 500));
      assert.equal(response.headers['content-type'], PROBLEM);
      const errors = response.json().errors as { field: string; message: string }[];
      assert.deepEqual(errors.map((e) => e.field), [field], response.body.slice(0, 500));
      assert.match(errors[0]!.message, message);
      assert.deepEqual(await counts(), before, 'nothing was written');
    }

    test('H2: «[a](» a thousand times and then letters is honest Markdown: stored, and the search answers with it', async () => {
      const created = await t.as.supervisor.post(ARTICLES, { title: 'Ворожі дужки посилань', bodyMarkdown: linkOpeners });
      assert.equal(created.statusCode, 201, created.body.slice(0, 500));
      const id = created.json().id as string;
      const edited = await t.as.supervisor.patch(`${ARTICLES}/${id}`, { bodyMarkdown: `${linkOpeners}\n\nКінець статті.` });
      assert.equal(edited.statusCode, 200, edited.body.slice(0, 500));

      const found = await t.as.operator.get(`${ARTICLES}?q=${encodeURIComponent('дужки')}`);
      assert.equal(found.statusCode, 200, found.body.slice(0, 500));
      const item = (found.json().items as { id: string; highlight: { excerpt: { text: string }[] } }[]).find((i) => i.id === id);
      assert.ok(item, 'the article is found by a word of its title');
      const shown = item.highlight.excerpt.map((s) => s.text).join('');
      assert.ok(shown.startsWith('[a]([a]('), `the excerpt shows the text as written: ${shown.slice(0, 80)}`);
      const other = await t.as.supervisor.post(ARTICLES, article);
      assert.equal(other.statusCode, 201, other.body);
      const afterwards = await t.as.operator.get(`${ARTICLES}?q=${encodeURIComponent('скарга')}`);
      assert.equal(afterwards.statusCode, 200);
      assert.ok(afterwards.json().items.some((i: { id: string }) => i.id === other.json().id), 'a later search finds the later article');
    });

    test('H2: a letter, 200 000 spaces and a letter as an article is refused for its length, naming the text', async () => {
      await refused(() => t.as.supervisor.post(ARTICLES, { ...article, bodyMarkdown: spaced(200_000) }), 'bodyMarkdown', /не довше 50000 символів/);
      await refused(() => t.as.supervisor.post(ARTICLES, { ...article, bodyMarkdown: spaced(60_000) }), 'bodyMarkdown', /не довше 50000 символів/);
      const existing = await t.as.supervisor.post(ARTICLES, { ...article, title: 'Стаття для зміни' });
      assert.equal(existing.statusCode, 201, existing.body);
      await refused(() => t.as.supervisor.patch(`${ARTICLES}/${existing.json().id}`, { bodyMarkdown: spaced(200_000) }), 'bodyMarkdown', /не довше 50000 символів/);
    });

    test('H2: control characters and markup in an article are refused naming the field', async () => {
      await refused(() => t.as.supervisor.post(ARTICLES, { ...article, bodyMarkdown: 'Текст\u0000' }), 'bodyMarkdown', /недопустимі символи/);
      await refused(() => t.as.supervisor.post(ARTICLES, { ...article, bodyMarkdown: 'Дзвінок\u0007 лунає' }), 'bodyMarkdown', /недопустимі керівні символи/);
      await refused(() => t.as.supervisor.post(ARTICLES, { ...article, title: 'Назва\u0000' }), 'title', /недопустимі символи/);
      await refused(() => t.as.supervisor.post(ARTICLES, { ...article, title: 'Назва\u001b[31m' }), 'title', /недопустимі керівні символи/);
      await refused(() => t.as.supervisor.post(ARTICLES, { ...article, tags: ['суд\u0000'] }), 'tags.0', /недопустимі символи/);
      await refused(() => t.as.supervisor.post(ARTICLES, { ...article, tags: ['суд\u0007'] }), 'tags.0', /лише літери/);
      await refused(() => t.as.supervisor.post(ARTICLES, { ...article, bodyMarkdown: tagAfterBreaks(30_000, 'a') }), 'bodyMarkdown', /HTML-розмітка/);
    });

    test('A1: an essence of «<», 30 000 line breaks and a letter is refused naming the essence, on registration and the repeat check', async () => {
      const essence = tagAfterBreaks(30_000, 'a');
      await refused(() => t.as.operator.post('/api/v1/appeals', { ...appeal, essence }), 'essence', /не довше 5000 символів/);
      await refused(() => t.as.operator.post('/api/v1/appeals/repeat-check', { phone: appeal.phone, essence }), 'essence', /не довше 5000 символів/);
      // The same shape within the limit: looked at, found to be markup.
      await refused(() => t.as.operator.post('/api/v1/appeals', { ...appeal, essence: tagAfterBreaks(4000, 'a') }), 'essence', /HTML-розмітка/);
      await refused(() => t.as.operator.post('/api/v1/appeals/repeat-check', { phone: appeal.phone, essence: tagAfterBreaks(4000, 'a') }), 'essence', /HTML-розмітка/);
      const text = await t.as.operator.post('/api/v1/appeals/repeat-check', { phone: appeal.phone, essence: tagAfterBreaks(4000, '1') });
      assert.equal(text.statusCode, 200, text.body.slice(0, 500));
      assert.deepEqual(text.json(), { likelyRepeats: [] });
    });

    test('A1: a letter and 60 000 spaces as an essence is refused naming the essence; 200 000 are over the size of a request', async () => {
      await refused(() => t.as.operator.post('/api/v1/appeals', { ...appeal, essence: spaced(60_000) }), 'essence', /не довше 5000 символів/);
      await refused(() => t.as.operator.post('/api/v1/appeals/repeat-check', { phone: appeal.phone, essence: spaced(60_000) }), 'essence', /не довше 5000 символів/);
      const before = await counts();
      const oversize = await t.as.operator.post('/api/v1/appeals', { ...appeal, essence: spaced(200_000) });
      assert.equal(oversize.statusCode, 413);
      assert.equal(oversize.headers['content-type'], PROBLEM);
      assert.deepEqual(await counts(), before, 'nothing was written');
    });

    test('A1: NUL and other control characters in an appeal are refused naming the field', async () => {
      await refused(() => t.as.operator.post('/api/v1/appeals', { ...appeal, essence: 'Прошу\u0000 роз’яснити' }), 'essence', /недопустимі символи/);
      await refused(() => t.as.operator.post('/api/v1/appeals', { ...appeal, residence: 'м. Львів\u001b[31m' }), 'residence', /недопустимі керівні символи/);
      await refused(() => t.as.operator.post('/api/v1/appeals', { ...appeal, surname: 'Коваль\u0000' }), 'surname', /недопустимі символи/);
      await refused(() => t.as.operator.post('/api/v1/appeals/repeat-check', { phone: appeal.phone, essence: '\u0008\u007f' }), 'essence', /недопустимі керівні символи/);
    });
  });
}
