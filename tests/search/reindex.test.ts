import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasTargets, articleIdFor, ArticleBatcher, articleMapping, countArticles, createSearchClient, ensureIndices, getArticle, indexNames, MappingConflictError, reindex, searchArticles, searchTasks, taskMapping, writeArticles, type IndexNames } from '@ingest/search';
import { cleanup, isolatedConfig } from '../support/test-env';
import { article, doc } from './corpus';

const N = 400;
const url = (i: number) => `https://reindex.example/a/${i}`;
const tasksOf = (i: number) => [1, 2].map((o) => ({ ordinal: o, marker: '', text: `reindex task ${o} of ${i}`, paragraphs: 1 }));

/** `reindex` builds the next version and swaps the aliases while writers keep writing (real Elasticsearch). */
describe('client-side reindex with writes arriving during the copy', () => {
  const config = isolatedConfig();
  const es = createSearchClient(config.elasticsearchUrl);
  let names: IndexNames;

  beforeAll(async () => {
    names = await ensureIndices(es, config.indexPrefix);
    const docs = Array.from({ length: N }, (_, i) => doc(url(i), article({ title: `Original ${i}`, tasks: tasksOf(i) }), '2024-01-01T00:00:00Z'));
    for (let i = 0; i < N; i += 100) await writeArticles(es, names, docs.slice(i, i + 100), { refresh: true });
  });
  afterAll(async () => {
    await es.close();
    await cleanup(config);
  });

  it('moves both aliases to v2 and loses no write made before, during or after the copy', async () => {
    const batcher = new ArticleBatcher(es, names, { maxDocs: 200, maxWaitMs: 20 });
    const written = new Map<number, string>(); // article → latest title acknowledged
    const updates: Promise<unknown>[] = [];
    const write = (i: number, title: string, fetchedAt: string) => {
      const p = batcher.write(doc(url(i), article({ title, tasks: tasksOf(i) }), fetchedAt)).then((r) => {
        if (r.result !== 'noop') written.set(i, title);
      });
      updates.push(p);
      return p;
    };

    // A steady writer in the background: new articles and updates, for the whole run.
    let stop = false;
    let n = 0;
    const background = (async () => {
      while (!stop) {
        const i = N + n;
        await write(i, `Fresh ${i}`, '2024-02-01T00:00:00Z');
        await write(n % N, `Updated ${n % N} in background`, new Date(Date.UTC(2024, 2, 1) + n * 1000).toISOString());
        n++;
      }
    })();

    let pagesSeen = 0;
    const reports = await reindex(es, config.indexPrefix, {
      pageSize: 50,
      onProgress: async (p) => {
        if (!p.alias.endsWith('-articles')) return;
        pagesSeen++;
        // Articles the copy has not reached yet (it goes in index order): updated now, in the new index
        // with a newer version; their older copy arriving later must not overwrite them.
        if (pagesSeen === 1) await Promise.all([390, 391, 392].map((i) => write(i, `Updated ${i} during copy`, '2025-01-01T00:00:00Z')));
      },
    });
    // Some background writes land after the swap too.
    const after = n;
    while (n < after + 3) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await background;
    await Promise.all(updates);
    await batcher.close();

    const [articles, tasks] = reports;
    expect(articles).toMatchObject({ alias: names.articles, from: `${names.articles}-v1`, to: `${names.articles}-v2`, resumed: false });
    expect(tasks).toMatchObject({ alias: names.tasks, from: `${names.tasks}-v1`, to: `${names.tasks}-v2` });
    expect(articles!.newerKept).toBeGreaterThanOrEqual(3);
    expect(n).toBeGreaterThan(0);

    expect(await aliasTargets(es, names.articles)).toEqual([`${names.articles}-v2`]);
    expect(await aliasTargets(es, names.articlesWrite)).toEqual([`${names.articles}-v2`]);
    expect(await aliasTargets(es, names.tasks)).toEqual([`${names.tasks}-v2`]);
    expect(await es.indices.exists({ index: `${names.articles}-v1` })).toBe(false);

    await es.indices.refresh({ index: [names.articles, names.tasks] });
    const total = N + n;
    expect(await countArticles(es, names)).toBe(total);
    // Every acknowledged write is there with its latest content.
    for (const i of [390, 391, 392]) expect((await getArticle(es, names, articleIdFor(url(i))))?.title).toBe(`Updated ${i} during copy`);
    const sample = [...written.entries()].filter((_, k) => k % 7 === 0);
    for (const [i, title] of sample) expect((await getArticle(es, names, articleIdFor(url(i))))?.title, `article ${i}`).toBe(title);
    expect((await searchTasks(es, names, { q: 'reindex task', size: 1 })).total).toBe(total * 2);
    // The folded copies are there in the new index: a search in another case still finds it.
    expect((await searchArticles(es, names, { q: '"UPDATED 390 DURING COPY"', size: 1 })).total).toBe(1);
  });

  it('reindexing again is idempotent: same documents, same search results, next version', async () => {
    await es.indices.refresh({ index: names.articles });
    const before = await countArticles(es, names);
    const query = await searchArticles(es, names, { q: 'updated', size: 20, sort: 'date' });
    const reports = await reindex(es, config.indexPrefix);
    expect(reports.map((r) => r.to)).toEqual([`${names.articles}-v3`, `${names.tasks}-v3`]);
    expect(reports[0]!.copied).toBe(before);
    expect(reports[0]!.newerKept).toBe(0);
    expect(await countArticles(es, names)).toBe(before);
    const again = await searchArticles(es, names, { q: 'updated', size: 20, sort: 'date' });
    expect(again.total).toBe(query.total);
    expect(again.hits.map((h) => h.id)).toEqual(query.hits.map((h) => h.id));
  });

  it('resumes an interrupted reindex (write alias already moved) instead of starting over', async () => {
    // What a crash right after step 1 leaves behind.
    const next = `${names.articles}-v4`;
    const { articleMapping } = await import('@ingest/search');
    await es.indices.create({ index: next, mappings: articleMapping, settings: { number_of_shards: 1, number_of_replicas: 0 } });
    await es.indices.updateAliases({ actions: [{ remove: { index: `${names.articles}-v3`, alias: names.articlesWrite } }, { add: { index: next, alias: names.articlesWrite, is_write_index: true } }] });
    await writeArticles(es, names, [doc(url(9999), article({ title: 'Written while interrupted' }), '2024-09-09T00:00:00Z')], { refresh: true });

    const reports = await reindex(es, config.indexPrefix);
    expect(reports[0]).toMatchObject({ from: `${names.articles}-v3`, to: next, resumed: true });
    expect(await aliasTargets(es, names.articles)).toEqual([next]);
    expect((await getArticle(es, names, articleIdFor(url(9999))))?.title).toBe('Written while interrupted');
  });
});

/** An index that an older version of the code wrote: looser mapping, documents without today's fields. */
describe('reindex upgrades an index written by an older version', () => {
  const config = isolatedConfig();
  const es = createSearchClient(config.elasticsearchUrl);
  afterAll(async () => {
    await es.close();
    await cleanup(config);
  });

  it('copies documents that lack fields of today and makes them findable without diacritics', async () => {
    const names = indexNames(config.indexPrefix);
    for (const alias of [names.articles, names.tasks]) {
      await es.indices.create({ index: `${alias}-v1`, mappings: { properties: { url: { type: 'keyword' }, title: { type: 'text' } } }, aliases: { [alias]: { is_write_index: true } } });
    }
    await es.index({ index: names.articles, id: 'old-1', document: { url: 'https://old.example/a', finalUrl: 'https://old.example/a', title: 'Một bài viết cũ', taskCount: 0 }, refresh: true });

    const reports = await reindex(es, config.indexPrefix);
    expect(reports[0]).toMatchObject({ from: `${names.articles}-v1`, to: `${names.articles}-v2`, copied: 1 });
    expect(await aliasTargets(es, names.articlesWrite)).toEqual([`${names.articles}-v2`]);
    const found = await searchArticles(es, names, { q: 'mot bai viet cu', size: 5 });
    expect(found.hits.map((h) => h.id)).toEqual(['old-1']);
  });
});

/** An index of the document schema before stems and stories (issue 18): refused at start-up, rebuilt by reindex. */
describe('reindex rebuilds documents of an older schema', () => {
  const config = isolatedConfig();
  const es = createSearchClient(config.elasticsearchUrl);
  afterAll(async () => {
    await es.close();
    await cleanup(config);
  });

  it('refuses to extend it, then gives its articles stems and a story of their own', async () => {
    const names = indexNames(config.indexPrefix);
    // The mappings as they were: no _meta schema, no stemmed fields, no storyId.
    const older = (m: typeof articleMapping) => {
      const props = Object.fromEntries(Object.entries(m.properties!).filter(([k]) => !k.endsWith('_stemmed') && k !== 'storyId'));
      return { dynamic: m.dynamic, properties: props };
    };
    await es.indices.create({ index: `${names.articles}-v1`, mappings: older(articleMapping), aliases: { [names.articles]: {}, [names.articlesWrite]: { is_write_index: true } } });
    await es.indices.create({ index: `${names.tasks}-v1`, mappings: older(taskMapping), aliases: { [names.tasks]: {}, [names.tasksWrite]: { is_write_index: true } } });
    for (const [id, title] of [['old-a', 'Five priorities for the city'], ['old-b', 'Five priorities for the city']]) {
      await es.index({ index: names.articlesWrite, id, document: { url: `https://old.example/${id}`, finalUrl: `https://old.example/${id}`, title, language: 'en', taskCount: 0, tasks: [] }, refresh: true });
    }

    await expect(ensureIndices(es, config.indexPrefix)).rejects.toBeInstanceOf(MappingConflictError);
    await expect(ensureIndices(es, config.indexPrefix)).rejects.toThrow(/schema 1, this code writes schema 2.*run `ingest reindex`/);
    await reindex(es, config.indexPrefix);
    await ensureIndices(es, config.indexPrefix);

    // Stemmed now ("priority" finds "priorities"), and two stories, not one collapsed group.
    const found = await searchArticles(es, names, { q: 'priority' });
    expect(found.hits.map((h) => [h.id, h.storyId]).sort()).toEqual([['old-a', 'old-a'], ['old-b', 'old-b']]);
    expect(found.total).toBe(2);
  });
});
