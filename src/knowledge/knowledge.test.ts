import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseTargets } from '../../test/databases.ts';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { SEED_ARTICLES, seedKnowledgeArticles } from './seed.ts';

const PROBLEM = 'application/problem+json; charset=utf-8';
const URL = '/api/v1/knowledge/articles';

interface Segment { text: string; match: boolean }
interface Item { id: string; slug: string; title: string; needsReview: boolean; highlight: { title: Segment[]; excerpt: Segment[] } }

const marked = (segments: Segment[]): string[] => segments.filter((s) => s.match).map((s) => s.text);

const markdown = `Відомості про **стан розгляду** справи є на порталі.

- перший пункт
  - вкладений пункт з відступом
1. нумерований
> цитата з Закону

Дивіться [портал](https://court.gov.ua) та \`код\` і _курсив_.`;

for (const target of databaseTargets()) {
  describe(`knowledge base on ${target.name}`, () => {
    let t: TestApp;
    before(async () => { t = await startTestApp(target); });
    after(async () => { await t?.close(); });

    const count = async (table: 'knowledge_articles' | 'audit_events') =>
      Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    async function create(article: Record<string, unknown>): Promise<{ id: string; slug: string }> {
      const response = await t.as.supervisor.post(URL, article);
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    }

    async function search(q: string, client = t.as.operator): Promise<{ items: Item[]; matchMode: string | null; nextCursor: string | null }> {
      const response = await client.get(`${URL}?q=${encodeURIComponent(q)}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    }

    test('H2: a supervisor writes an article in Markdown; it is audited by ids and flags only', async () => {
      const response = await t.as.supervisor.post(URL, { title: '  Як дізнатися стан розгляду справи ', bodyMarkdown: markdown, tags: ['Справа', 'портал', 'справа'] });
      assert.equal(response.statusCode, 201, response.body);
      const article = response.json();
      assert.equal(article.title, 'Як дізнатися стан розгляду справи');
      assert.equal(article.slug, 'yak-diznatysia-stan-rozghliadu-spravy', 'slug made by the official transliteration');
      assert.equal(article.bodyMarkdown, markdown, 'Markdown is stored as written: indentation, `code`, _курсив_ intact');
      assert.deepEqual(article.tags, ['справа', 'портал'], 'tags in lower case, each once');
      assert.equal(article.published, true);
      assert.equal(article.lastReviewedAt, null);
      assert.equal(article.needsReview, true);
      assert.equal(article.createdBy, t.as.supervisor.userId);
      const audit = await t.db.selectFrom('audit_events').selectAll().where('entity_id', '=', article.id).execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.action, 'created');
      assert.equal(audit[0]!.entity_type, 'knowledge_article');
      assert.ok(!JSON.stringify(audit[0]!.changes).includes('розгляду'), 'no article text in the audit trail');
      const again = await t.as.supervisor.post(URL, { title: 'Як дізнатися стан розгляду справи', bodyMarkdown: 'Інший текст' });
      assert.equal(again.json().slug, 'yak-diznatysia-stan-rozghliadu-spravy-2', 'a taken slug gets a number');
      const bySlug = await t.as.operator.get(`${URL}/yak-diznatysia-stan-rozghliadu-spravy`);
      assert.equal(bySlug.statusCode, 200);
      assert.equal(bySlug.json().id, article.id);
    });

    test('H2: bad input is refused with a Ukrainian 400 problem and nothing is written', async () => {
      const before = { articles: await count('knowledge_articles'), audit: await count('audit_events') };
      const valid = { title: 'Назва статті', bodyMarkdown: 'Текст статті' };
      const attempts: Record<string, unknown>[] = [
        { ...valid, bodyMarkdown: 'Текст <script>alert(1)</script>' },
        { ...valid, bodyMarkdown: 'Див. <a href="https://court.gov.ua">портал</a>' },
        { ...valid, title: '<b>Назва</b>' },
        { ...valid, bodyMarkdown: 'я'.repeat(50_001) },
        { ...valid, title: 'н'.repeat(201) },
        { ...valid, bodyMarkdown: '   \n  ' },
        { ...valid, bodyMarkdown: 'Текст\u0000' },
        { ...valid, priority: 'high' },
        { ...valid, title: 42 },
        { ...valid, tags: 'справа' },
        { ...valid, tags: ['<script>'] },
        { ...valid, tags: Array.from({ length: 21 }, (_, i) => `тег${i}`) },
        { ...valid, slug: 'Не латиниця' },
        { ...valid, slug: '-bad-' },
        { ...valid, slug: '00000000-0000-4000-8000-000000000000' },
        { ...valid, published: 'так' },
        { title: 'Без тексту' },
      ];
      for (const attempt of attempts) {
        const response = await t.as.supervisor.post(URL, attempt);
        assert.equal(response.statusCode, 400, `${JSON.stringify(attempt).slice(0, 80)} → ${response.statusCode}`);
        assert.equal(response.headers['content-type'], PROBLEM);
        assert.match(response.json().detail, /[а-яіїє]/);
      }
      const longest = await t.as.supervisor.post(URL, { ...valid, title: 'Найдовша стаття', bodyMarkdown: 'я'.repeat(50_000) });
      assert.equal(longest.statusCode, 201, '50 000 Cyrillic letters fit (100 KB of UTF-8, above the app-wide body limit)');
      before.articles++;
      before.audit++;
      const unknown = await t.as.supervisor.post(URL, { ...valid, priority: 'high' });
      assert.ok(unknown.json().errors.some((e: { field: string }) => e.field.includes('priority')));
      const html = await t.as.supervisor.post(URL, { ...valid, bodyMarkdown: 'Текст <script>alert(1)</script>' });
      assert.match(html.json().errors[0].message, /HTML-розмітка не допускається/);
      const { id } = await create({ title: 'Стаття для перевірки змін', bodyMarkdown: 'Текст' });
      const afterCreate = { articles: await count('knowledge_articles'), audit: await count('audit_events') };
      for (const attempt of [{}, { title: '' }, { bodyMarkdown: '<img src=x onerror=alert(1)>' }, { tags: [1] }, { unknown: true }]) {
        const response = await t.as.supervisor.patch(`${URL}/${id}`, attempt);
        assert.equal(response.statusCode, 400, JSON.stringify(attempt));
      }
      assert.equal((await t.as.supervisor.patch(`${URL}/not-a-uuid`, { title: 'Нова' })).statusCode, 400);
      assert.equal((await t.as.supervisor.get(`${URL}/Not_A_Slug!`)).statusCode, 400);
      assert.equal((await t.as.operator.get(`${URL}?q=${'а'.repeat(201)}`)).statusCode, 400);
      assert.equal((await t.as.operator.get(`${URL}?q=суд&sort=title`)).statusCode, 400);
      assert.equal((await t.as.operator.get(`${URL}?q=суд&limit=0`)).statusCode, 400);
      assert.equal((await t.as.operator.get(`${URL}?q=суд&cursor=garbage`)).statusCode, 400);
      assert.equal((await t.as.operator.get(`${URL}?cursor=garbage`)).statusCode, 400);
      assert.equal(await count('knowledge_articles'), before.articles + 1);
      assert.deepEqual({ articles: await count('knowledge_articles'), audit: await count('audit_events') }, afterCreate);
    });

    test('H2: word forms find the article: «справі» finds an article about «справа»', async () => {
      const { id } = await create({ title: 'Відкрита справа про спадщину', bodyMarkdown: 'Справа розглядається в місцевому суді за місцем відкриття спадщини.' });
      for (const q of ['справі', 'справу', 'СПРАВОЮ', 'справами спадщини', 'спадщиною']) {
        const result = await search(q);
        assert.equal(result.matchMode, 'exact', q);
        assert.ok(result.items.some((item) => item.id === id), `${q} finds it`);
      }
      const adjective = await create({ title: 'Апеляційний суд', bodyMarkdown: 'Про апеляційного суддю і апеляційному розгляду.' });
      const found = await search('апеляційна');
      assert.ok(found.items.some((item) => item.id === adjective.id));
    });

    test('H2: apostrophe variants find the same words: м\'яко, м’яко, мʼяко; «зверненя» finds «звернення»', async () => {
      const { id } = await create({ title: 'Розмова з роздратованим заявником', bodyMarkdown: 'Говоріть м’яко і спокійно; усне звернення запишіть.' });
      for (const q of ['м\'яко', 'м’яко', 'мʼяко', 'м`яко', 'мяко', 'зверненя', 'звернення', 'зверненням']) {
        const result = await search(q);
        assert.ok(result.items.some((item) => item.id === id), q);
      }
      const highlighted = (await search('мʼяко')).items.find((item) => item.id === id)!;
      assert.deepEqual(marked(highlighted.highlight.excerpt), ['м’яко']);
    });

    test('H2: a typo (one wrong, missing or swapped letter) still finds the article through the vocabulary', async () => {
      const { id } = await create({ title: 'Оскарження ухвали', bodyMarkdown: 'Ухвалу можна оскаржити в порядку, встановленому процесуальним законом.' });
      for (const q of ['оскаржееня', 'оскраження', 'оскарженя ухвали', 'ухавли', 'процесульним']) {
        const result = await search(q);
        assert.ok(result.items.some((item) => item.id === id), `${q} finds it: ${JSON.stringify(result.items.map((i) => i.title))}`);
      }
      const corrected = await search('ухавли');
      assert.equal(corrected.matchMode, 'approximate', 'the answer says it is approximate');
      const item = corrected.items.find((i) => i.id === id)!;
      assert.deepEqual(marked(item.highlight.excerpt), ['Ухвалу'], 'the corrected word is highlighted');
      const nothing = await search('щщщщщщщщ');
      assert.deepEqual(nothing.items, []);
      const partial = await search('ухвали ксилофон');
      assert.equal(partial.matchMode, 'approximate');
      assert.ok(partial.items.some((i) => i.id === id), 'an unknown extra word does not hide the article');
    });

    test('H2: highlights mark the matched words in the title and the excerpt, as inert data', async () => {
      const { id } = await create({
        title: 'Судовий збір: коли його сплачують',
        bodyMarkdown: `${'Загальні відомості про порядок. '.repeat(20)}Розмір **судового збору** визначає закон; його сплачують до подання позову, якщо сума < мінімуму.`,
      });
      const result = await search('судового збору');
      const item = result.items.find((i) => i.id === id)!;
      assert.deepEqual(marked(item.highlight.title), ['Судовий', 'збір']);
      assert.deepEqual(marked(item.highlight.excerpt), ['судового', 'збору']);
      assert.equal(item.highlight.title.map((s) => s.text).join(''), 'Судовий збір: коли його сплачують');
      const excerpt = item.highlight.excerpt.map((s) => s.text).join('');
      assert.ok(excerpt.startsWith('…'), 'text before the match is left out');
      assert.ok(!excerpt.includes('**'), 'Markdown markers are not shown in the excerpt');
      assert.ok(excerpt.includes('сума < мінімуму'), 'a comparison is text, not markup');
    });

    test('H2: ranking: a word in the title ranks above the same word repeated in texts; tags between', async () => {
      const inBody = await create({ title: 'Загальна інформація', bodyMarkdown: 'Виконавчий лист. '.repeat(30) });
      const inTags = await create({ title: 'Примусове виконання', bodyMarkdown: 'Про виконавчий лист коротко.', tags: ['виконавчий лист'] });
      const inTitle = await create({ title: 'Виконавчий лист', bodyMarkdown: 'Коротко.' });
      const order = (await search('виконавчий лист')).items.map((item) => item.id);
      assert.deepEqual(order.filter((id) => [inBody.id, inTags.id, inTitle.id].includes(id)), [inTitle.id, inTags.id, inBody.id]);
    });

    test('H2: the tag filter narrows the list and the search', async () => {
      const tagged = await create({ title: 'Графік роботи', bodyMarkdown: 'Час роботи канцелярії.', tags: ['Розклад'] });
      await create({ title: 'Графік засідань', bodyMarkdown: 'Розклад засідань.' });
      const byTag = (await t.as.operator.get(`${URL}?tag=${encodeURIComponent('розклад')}`)).json();
      assert.deepEqual(byTag.items.map((i: Item) => i.id), [tagged.id]);
      assert.equal(byTag.matchMode, null);
      const searched = (await t.as.operator.get(`${URL}?q=${encodeURIComponent('графік')}&tag=${encodeURIComponent('Розклад')}`)).json();
      assert.deepEqual(searched.items.map((i: Item) => i.id), [tagged.id]);
    });

    test('H2: operators see published articles only; supervisors see drafts too', async () => {
      const draft = await create({ title: 'Чернетка про медіацію', bodyMarkdown: 'Медіація: текст ще готується.', published: false });
      assert.equal((await t.as.operator.get(`${URL}/${draft.id}`)).statusCode, 404);
      assert.equal((await search('медіація')).items.length, 0);
      assert.equal((await search('медіація', t.as.supervisor)).items.length, 1);
      assert.equal((await t.as.court_clerk.get(URL)).statusCode, 403);
      const published = await t.as.supervisor.patch(`${URL}/${draft.id}`, { published: true });
      assert.equal(published.statusCode, 200, published.body);
      assert.equal((await search('медіація')).items.length, 1);
      const operatorWrite = await t.as.operator.post(URL, { title: 'Назва', bodyMarkdown: 'Текст' });
      assert.equal(operatorWrite.statusCode, 403);
    });

    test('H2: an edit is searchable at once; words taken out no longer find it and leave the vocabulary', async () => {
      const { id } = await create({ title: 'Нотаріальна довіреність', bodyMarkdown: 'Представник діє на підставі довіреності.' });
      assert.ok((await t.db.selectFrom('knowledge_terms').select('term').where('term', '=', 'нотаріальн').executeTakeFirst()));
      t.clock.advance(60);
      const edited = await t.as.supervisor.patch(`${URL}/${id}`, { title: 'Довіреність представника', slug: 'dovirenist' });
      assert.equal(edited.statusCode, 200, edited.body);
      assert.equal(edited.json().slug, 'dovirenist');
      assert.equal((await search('нотаріальна')).items.some((i) => i.id === id), false);
      assert.equal((await search('представникові')).items[0]!.id, id);
      assert.equal(await t.db.selectFrom('knowledge_terms').select('term').where('term', '=', 'нотаріальн').executeTakeFirst(), undefined);
      const audit = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_id', '=', id).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['created', 'updated']);
      assert.deepEqual(audit[1]!.changes.fields, ['slug', 'title']);
      const taken = await t.as.supervisor.patch(`${URL}/${id}`, { slug: 'yak-diznatysia-stan-rozghliadu-spravy' });
      assert.equal(taken.statusCode, 409);
      assert.match(taken.json().detail, /зайнята/);
      const takenOnCreate = await t.as.supervisor.post(URL, { title: 'Ще одна', bodyMarkdown: 'Текст', slug: 'dovirenist' });
      assert.equal(takenOnCreate.statusCode, 409);
      assert.equal((await t.as.supervisor.patch(`${URL}/00000000-0000-4000-8000-000000000000`, { title: 'Нова' })).statusCode, 404);
    });

    test('H2: a supervisor marks an article reviewed now; a later edit makes it need review again', async () => {
      t.clock.set('2026-12-01T09:30:00Z');
      const { id } = await create({ title: 'Перевірка статей', bodyMarkdown: 'Текст для перевірки.' });
      t.clock.set('2026-12-02T08:00:00Z');
      const reviewed = await t.as.supervisor.post(`${URL}/${id}/reviewed`);
      assert.equal(reviewed.statusCode, 200, reviewed.body);
      assert.equal(reviewed.json().lastReviewedAt, '2026-12-02T08:00:00.000Z', 'the app clock, not the machine’s');
      assert.deepEqual(reviewed.json().reviewedBy, { id: t.as.supervisor.userId, fullName: 'Ігор Миколайович Шевченко' });
      assert.equal(reviewed.json().needsReview, false);
      assert.equal((await t.as.operator.post(`${URL}/${id}/reviewed`)).statusCode, 403);
      t.clock.advance(3600);
      const edited = await t.as.admin.patch(`${URL}/${id}`, { bodyMarkdown: 'Новий текст.' });
      assert.equal(edited.json().needsReview, true);
      const audit = await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', id).orderBy('id').execute();
      assert.deepEqual(audit.map((a) => a.action), ['created', 'reviewed', 'updated']);
      assert.equal((await t.as.supervisor.post(`${URL}/00000000-0000-4000-8000-000000000000/reviewed`)).statusCode, 404);
    });

    test('H2: results come page by page with a cursor, without repeats', async () => {
      for (let i = 1; i <= 5; i++) await create({ title: `Пам’ятка ${i}`, bodyMarkdown: `Пам’ятка для оператора номер ${i}.` });
      const first = (await t.as.operator.get(`${URL}?q=${encodeURIComponent('памятка')}&limit=2`)).json();
      assert.equal(first.items.length, 2);
      assert.ok(first.nextCursor);
      const seen = new Set<string>(first.items.map((i: Item) => i.id));
      let cursor: string | null = first.nextCursor;
      while (cursor) {
        const next = (await t.as.operator.get(`${URL}?q=${encodeURIComponent('памятка')}&limit=2&cursor=${cursor}`)).json();
        for (const item of next.items) {
          assert.ok(!seen.has(item.id), 'no article twice');
          seen.add(item.id);
        }
        cursor = next.nextCursor;
      }
      assert.equal(seen.size, 5);
      const listed = (await t.as.supervisor.get(`${URL}?limit=3`)).json();
      assert.equal(listed.items.length, 3);
      assert.equal(listed.matchMode, null);
      const more = (await t.as.supervisor.get(`${URL}?limit=3&cursor=${listed.nextCursor}`)).json();
      assert.ok(!more.items.some((i: Item) => listed.items.some((l: Item) => l.id === i.id)));
    });

    test('H2: the starter articles are seeded once, published but awaiting review, and answer the questions they are for', async () => {
      const first = await seedKnowledgeArticles(t.db);
      assert.equal(first.inserted, SEED_ARTICLES.length);
      const second = await seedKnowledgeArticles(t.db);
      assert.deepEqual(second, { inserted: 0, reindexed: 0 });
      const seeded = await t.db.selectFrom('knowledge_articles').selectAll().where('seed_key', 'is not', null).execute();
      assert.equal(seeded.length, SEED_ARTICLES.length);
      for (const row of seeded) {
        assert.equal(row.last_reviewed_at, null, 'unreviewed until a supervisor checks it');
        assert.equal(row.created_by, null);
        assert.equal(row.published, true);
      }
      const text = seeded.map((row) => row.body_markdown).join('\n');
      assert.ok(text.includes('044 207-35-46') && text.includes('help-info@ics.gov.ua'));
      assert.ok((await search('стан розгляду справи')).items.some((i) => i.slug === 'stan-rozghliadu-spravy'));
      assert.ok((await search('строки розгляду звернень')).items.some((i) => i.slug === 'usni-zvernennia'));
      assert.ok((await search('зворотний дзвінок')).items.some((i) => i.slug === 'yakshcho-vidomostei-nedostatno'));
      // A supervisor renames a seeded article: the seed does not bring the old one back.
      const renamed = seeded.find((row) => row.seed_key === 'case-status')!;
      await t.as.supervisor.patch(`${URL}/${renamed.id}`, { slug: 'stan-spravy' });
      assert.equal((await seedKnowledgeArticles(t.db)).inserted, 0);
    });
  });
}
