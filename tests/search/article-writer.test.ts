import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '@ingest/contracts';
import { articleIdFor, countArticles, createSearchClient, ensureIndices, getArticle, searchTasks, toArticleDocument, writeArticle, type IndexNames } from '@ingest/search';
import { cleanup, isolatedConfig } from '../support/test-env';

function article(overrides: Partial<Article> = {}): Article {
  return {
    title: '3 priorities for city transport',
    lead: 'The council named three priorities.',
    authors: ['Jane Doe'],
    sourceLabel: null,
    publishedAt: '2023-12-31T17:04:00+07:00',
    modifiedAt: null,
    language: 'en',
    canonicalUrl: null,
    siteName: 'Demo',
    section: null,
    tags: [],
    images: [],
    body: 'First, buses. Second, bikes. Third, trams.',
    blocks: [],
    wordCount: 6,
    announcedTaskCount: 3,
    taskHeading: null,
    tasks: [
      { ordinal: 1, marker: 'First', text: 'more buses on every route', paragraphs: 1 },
      { ordinal: 2, marker: 'Second', text: 'protected bike lanes', paragraphs: 1 },
      { ordinal: 3, marker: 'Third', text: 'a tram line to the harbour', paragraphs: 1 },
    ],
    taskWarnings: [],
    warnings: [],
    ...overrides,
  };
}

const URL_A = 'https://news.example/en/transport';

describe('article writer against real Elasticsearch', () => {
  const config = isolatedConfig();
  const es = createSearchClient(config.elasticsearchUrl);
  let names: IndexNames;

  beforeAll(async () => {
    names = await ensureIndices(es, config.indexPrefix);
  });
  afterAll(async () => {
    await es.close();
    await cleanup(config);
  });

  const visit = (fetchedAt: string) => ({ url: URL_A, finalUrl: URL_A, source: 'news.example', fetchedAt, contentHash: 'h' });

  it('creates the indices behind aliases, idempotently', async () => {
    await ensureIndices(es, config.indexPrefix);
    const aliases = await es.indices.getAlias({ name: names.articles });
    expect(Object.keys(aliases)).toEqual([`${names.articles}-v1`]);
  });

  it('writes an article and one document per task under deterministic ids', async () => {
    const res = await writeArticle(es, names, toArticleDocument(article(), visit('2024-01-01T00:00:00Z')), { refresh: true });
    expect(res).toEqual({ articleId: articleIdFor(URL_A), result: 'created' });
    const tasks = await searchTasks(es, names, { q: 'bike lanes' });
    expect(tasks.hits.map((t) => [t.ordinal, t.marker, t.articleTitle])).toEqual([[2, 'Second', '3 priorities for city transport']]);
  });

  it('updates on re-processing and drops tasks the new version no longer has', async () => {
    const fewer = article({ title: 'Updated', tasks: article().tasks.slice(0, 2) });
    const res = await writeArticle(es, names, toArticleDocument(fewer, visit('2024-01-02T00:00:00Z')), { refresh: true });
    expect(res.result).toBe('updated');
    expect(await countArticles(es, names)).toBe(1);
    expect((await searchTasks(es, names, { q: 'tram harbour' })).total).toBe(0);
    expect((await getArticle(es, names, res.articleId))?.title).toBe('Updated');
  });

  it('never lets an older fetch overwrite a newer one', async () => {
    const stale = await writeArticle(es, names, toArticleDocument(article({ title: 'Stale' }), visit('2023-06-01T00:00:00Z')), { refresh: true });
    expect(stale.result).toBe('noop');
    expect((await getArticle(es, names, stale.articleId))?.title).toBe('Updated');
  });
});
