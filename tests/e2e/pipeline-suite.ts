import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countArticles, createSearchClient, indexNames } from '@ingest/search';
import { demoArticles, startDemoSite, type DemoSite } from '../fixtures/demo-site/server';
import { startPipeline, type RunningPipeline } from '../support/pipeline';
import { isolatedConfig } from '../support/test-env';
import { seedExpected as expected, type SeedExpected } from '../../packages/extract/test/seed-expected';

export const SEED_PATH = '/thoi-su/6-nhiem-vu-trong-tam-cong-tac-dan-van-nam-2022-1000001.html';

/**
 * The end-to-end pipeline tests, on whatever `env` points at (tests/e2e/pipeline.test.ts:
 * the run's Redis and Elasticsearch; tests/cluster: a Redis Cluster).
 */
export function describePipeline(services: string, env: Record<string, string> = {}): void {
  describe(`pipeline end to end: demo site → fetcher → parser → indexer → /search (${services})`, () => {
    const config = isolatedConfig(env);
    let site: DemoSite;
    let pipeline: RunningPipeline;
    let apiUrl: string;
    const crawl = (url: string) => pipeline.crawl(url);

    beforeAll(async () => {
      site = await startDemoSite();
      pipeline = await startPipeline(config, 'e2e');
      apiUrl = pipeline.apiUrl;
    });

    afterAll(async () => {
      await pipeline?.close();
      await site?.close();
    });

    it('indexes the seed article and finds it with its 6 tasks in order', async () => {
      const outcome = await crawl(site.url + SEED_PATH);
      expect(outcome).toMatchObject({ status: 'indexed', result: 'created', stages: ['fetch', 'parse', 'index'] });

      const res = await fetch(`${apiUrl}/search?q=${encodeURIComponent('nhiệm vụ trọng tâm')}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { total: number; hits: Array<Record<string, unknown> & { tasks: SeedExpected['tasks'] }> };
      expect(body.total).toBe(1);
      const hit = body.hits[0]!;
      expect(hit.title).toBe(expected.title);
      expect(hit.lead).toBe(expected.lead);
      expect(hit.authors).toEqual(expected.authors);
      expect(hit.publishedAt).toBe('2021-12-31T17:04:00+07:00');
      expect(hit.announcedTaskCount).toBe(6);
      expect(hit.tasks.map((t) => ({ ordinal: t.ordinal, marker: t.marker, text: t.text }))).toEqual(expected.tasks);
    });

    it('re-crawling the same page updates the one document instead of adding another', async () => {
      const again = await crawl(site.url + SEED_PATH);
      expect(again).toMatchObject({ status: 'indexed', result: 'updated' });
      const es = createSearchClient(config.elasticsearchUrl);
      try {
        const names = indexNames(config.indexPrefix);
        await es.indices.refresh({ index: names.articles });
        expect(await countArticles(es, names)).toBe(1);
        expect(await countArticles(es, names, { term: { finalUrl: site.url + SEED_PATH } })).toBe(1);
      } finally {
        await es.close();
      }
    });

    it('finds task 4 of the seed by a phrase of its text', async () => {
      const phrase = '"giám sát việc thực hiện chủ trương"';
      const res = await fetch(`${apiUrl}/tasks/search?q=${encodeURIComponent(phrase)}`);
      const body = (await res.json()) as { total: number; hits: Array<{ ordinal: number; marker: string; articleTitle: string; text: string }> };
      expect(body.total).toBeGreaterThanOrEqual(1);
      expect(body.hits[0]).toMatchObject({ ordinal: 4, marker: 'Thứ tư', articleTitle: expected.title, text: expected.tasks[3]!.text });
    });

    it('parks a page that cannot be fetched with its reason instead of dropping it', async () => {
      const outcome = await crawl(site.url + '/khong-co-trang-nay.html');
      expect(outcome.status).toBe('failed');
      expect(outcome).toMatchObject({ stage: 'fetch' });
      if (outcome.status === 'failed') expect(outcome.reason).toMatch(/HTTP 404/);
      const failed = await pipeline.fetchQueue.getFailed();
      expect(failed.map((j) => j.data.url)).toContain(site.url + '/khong-co-trang-nay.html');
    });

    it('crawls every article of the demo site and indexes what ARTICLES.json says each holds', async () => {
      const articles = await demoArticles();
      const outcomes = await Promise.all(articles.map((a) => crawl(site.url + '/' + a.path.replace(/^\//, ''))));
      expect(outcomes.map((o) => o.status)).toEqual(articles.map(() => 'indexed'));
      for (const [i, a] of articles.entries()) {
        const o = outcomes[i]!;
        if (o.status !== 'indexed') continue;
        const doc = (await (await fetch(`${apiUrl}/articles/${o.articleId}`)).json()) as Record<string, unknown> & { tasks: SeedExpected['tasks'] };
        expect({ title: doc.title, language: doc.language, authors: doc.authors, publishedAt: doc.publishedAt, announcedTaskCount: doc.announcedTaskCount }).toEqual({
          title: a.title,
          language: a.language,
          authors: a.authors,
          publishedAt: a.publishedAt,
          announcedTaskCount: a.announcedTaskCount,
        });
        expect(doc.tasks.map((t) => ({ ordinal: t.ordinal, marker: t.marker, text: t.text }))).toEqual(a.tasks);
      }
    });

    it('answers 404 for an unknown article id', async () => {
      expect((await fetch(`${apiUrl}/articles/does-not-exist`)).status).toBe(404);
    });

    it('serves the queue dashboard', async () => {
      const res = await fetch(`${apiUrl}/admin/queues`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/<html/i);
    });
  });
}
