import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArticleBatcher, countArticles, createSearchClient, ensureIndices, indexNames, aliasTargets, type IndexNames } from '@ingest/search';
import { startIndexer } from '@ingest/indexer';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { article, doc } from './corpus';

/**
 * When the batcher answers a writer and how many refreshes that costs (real Elasticsearch).
 * The refresh calls are counted on the real client; each still goes to Elasticsearch.
 */
describe('article batcher: answered once searchable, refreshes shared', () => {
  const config = isolatedConfig();
  const es = createSearchClient(config.elasticsearchUrl);
  let names: IndexNames;
  let refreshes = 0;

  beforeAll(async () => {
    names = await ensureIndices(es, config.indexPrefix);
    const refresh = es.indices.refresh.bind(es.indices);
    es.indices.refresh = ((...args: Parameters<typeof refresh>) => {
      refreshes++;
      return refresh(...args);
    }) as typeof es.indices.refresh;
  });
  afterAll(async () => {
    await es.close();
    await cleanup(config);
  });

  const searchableNow = (url: string) => countArticles(es, names, { term: { finalUrl: url } });

  it('answers every writer of many bulk requests only once its article is searchable, with two refreshes in all', async () => {
    // An interval far longer than the test: only "nothing else on its way" may start the second refresh.
    const batcher = new ArticleBatcher(es, names, { maxDocs: 40, maxWaitMs: 10, minRefreshIntervalMs: 600_000 });
    const before = refreshes;
    const urls = Array.from({ length: 200 }, (_, i) => `https://share.example/a/${i}`);
    const seen = await Promise.all(
      urls.map(async (url, i) => {
        const written = await batcher.write(doc(url, article({ title: `Shared refresh ${i}`, tasks: [{ ordinal: 1, marker: '', text: `task ${i}`, paragraphs: 1 }] })));
        expect(written.result).toBe('created');
        return searchableNow(url);
      }),
    );
    expect(seen).toEqual(urls.map(() => 1));
    // 200 articles × 2 documents in requests of 40 documents: 10 bulk requests, 4 at a time.
    // The first answer refreshes at once; every later one waits for the next, which starts
    // when no request is left in flight.
    expect(refreshes - before).toBeGreaterThanOrEqual(1);
    expect(refreshes - before).toBeLessThanOrEqual(2);
    await batcher.close();
  });

  it('refreshes a lone write at once, even right after another refresh', async () => {
    const batcher = new ArticleBatcher(es, names, { maxDocs: 1000, maxWaitMs: 0, minRefreshIntervalMs: 600_000 });
    for (const url of ['https://lone.example/1', 'https://lone.example/2', 'https://lone.example/3']) {
      await batcher.write(doc(url, article({ title: 'Alone' })));
      expect(await searchableNow(url)).toBe(1);
    }
    await batcher.close();
  }, 20_000);
});

describe('indexer start-up', () => {
  const config = isolatedConfig();
  const es = createSearchClient(config.elasticsearchUrl);
  afterAll(async () => {
    await es.close();
    await cleanup(config);
  });

  it('creates its indices and aliases when it starts, before any job arrives', async () => {
    const names = indexNames(config.indexPrefix);
    expect(await aliasTargets(es, names.articlesWrite)).toEqual([]);
    const indexer = startIndexer(config, testLogger(config, 'indexer-start'));
    try {
      await indexer.prepared();
      for (const alias of [names.articles, names.articlesWrite, names.tasks, names.tasksWrite]) expect(await aliasTargets(es, alias)).toHaveLength(1);
    } finally {
      await indexer.close();
    }
  });
});
