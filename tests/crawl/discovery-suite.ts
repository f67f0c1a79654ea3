import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName, type DiscoverResult } from '@ingest/contracts';
import { startFetcher } from '@ingest/fetcher';
import { createRedisConnection, openQueue } from '@ingest/queue';
import { SourceRegistry } from '@ingest/sources';
import { ARTICLES, startFakeNewsSite, type FakeNewsSite } from '../fixtures/fake-news-site/server';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { articlePathsFetched, waitForJob } from './crawl-support';

/**
 * A source's runs against the fake site: feed, sitemap index (news sitemap + archive) and
 * a section page are read; article URLs are normalised, filtered by the source's
 * patterns, same-site rule and robots.txt; each is fetched once, and a later run fetches
 * only what its listings say changed. On whatever Redis `env` points at
 * (tests/crawl/discovery.test.ts: the run's Redis; tests/cluster: a Redis Cluster).
 */
export function describeDiscovery(redis: string, env: Record<string, string> = {}): void {
  describe(`discovery runs of a source (${redis})`, () => {
    const config = isolatedConfig(env);
    const logger = testLogger(config, 'crawl-discover');
    const connection = createRedisConnection(config.redisUrl);
    const settings = { connection, prefix: config.queuePrefix };
    const discoverQueue = openQueue(QueueName.discover, settings);
    const fetchQueue = openQueue(QueueName.fetch, settings);
    const registry = new SourceRegistry(connection, settings);
    let site: FakeNewsSite;
    let fetcher: { close(): Promise<unknown> };

    beforeAll(async () => {
      site = await startFakeNewsSite();
      fetcher = startFetcher(config, logger);
      await registry.save({
        id: 'bao-thu',
        name: 'Báo Thử',
        feeds: [`${site.url}/feed.xml`],
        sitemaps: [`${site.url}/sitemap.xml`],
        seeds: [`${site.url}/thoi-su`],
        include: ['-\\d+\\.html$'],
        exclude: ['/video/'],
      });
    });
    afterAll(async () => {
      await fetcher.close();
      await registry.close();
      await discoverQueue.close();
      await fetchQueue.close();
      connection.disconnect();
      await site.close();
      await cleanup(config);
    });

    async function run(): Promise<DiscoverResult> {
      const runId = (await registry.runNow('bao-thu'))!;
      const end = await waitForJob(discoverQueue, runId, 60_000);
      expect(end.state, end.reason).toBe('completed');
      const result = end.result as DiscoverResult;
      const fetches = await Promise.all(result.visits.map((v) => waitForJob(fetchQueue, v, 60_000)));
      expect(fetches.map((f) => f.state)).toEqual(result.visits.map(() => 'completed'));
      return result;
    }

    it('first run: fetches each article of feed, sitemaps and section page once, and none that is excluded, disallowed or off-site', async () => {
      const result = await run();
      // g is listed in a gzipped child sitemap (.xml.gz).
      const expected = [ARTICLES.a, ARTICLES.b, ARTICLES.c, ARTICLES.d, ARTICLES.e, ARTICLES.f, ARTICLES.g, ARTICLES.changing].sort();
      expect(result).toMatchObject({ outcome: 'discovered', sourceId: 'bao-thu', documents: 6, enqueued: expected.length });
      expect(articlePathsFetched(site)).toEqual(expected);
      for (const p of expected) expect(site.hits(p), p).toHaveLength(1);
      expect(site.hits(ARTICLES.secret)).toHaveLength(0);
      expect(site.hits(ARTICLES.video)).toHaveLength(0);
      expect(site.hits('/robots.txt')).toHaveLength(1);
      // The disallowed article is recorded as refused, with its reason, not silently dropped.
      expect(result.refused).toContainEqual({ url: site.url + ARTICLES.secret, reason: expect.stringMatching(/^robots-disallowed: /) });
      // Tracking parameters from the feed are gone from what was enqueued.
      const job = await fetchQueue.getJob(result.visits[0]!);
      expect(job!.data.url).not.toMatch(/utm_/);
      expect(job!.data).toMatchObject({ sourceId: 'bao-thu', ifChanged: true });
    });

    it('second run with nothing changed: enqueues nothing, fetches no article, skips sitemaps whose lastmod did not move', async () => {
      const before = site.requests.length;
      const result = await run();
      expect(result).toMatchObject({ enqueued: 0, visits: [] });
      const paths = site.requests.slice(before).map((r) => r.path);
      // The .xml.gz child has no lastmod, so it is read every run (its one URL is already seen).
      expect(paths.sort()).toEqual(['/feed.xml', '/sitemap-2025.xml.gz', '/sitemap.xml', '/thoi-su']);
    });

    it('a page whose sitemap lastmod moved is fetched again, conditionally; only it', async () => {
      site.bumpChangingPage();
      const before = site.requests.length;
      const result = await run();
      expect(result.enqueued).toBe(1);
      const articleRequests = site.requests.slice(before).filter((r) => /-\d+\.html$/.test(r.path));
      expect(articleRequests.map((r) => r.path)).toEqual([ARTICLES.changing]);
      expect(articleRequests[0]!.ifNoneMatch).toBe('"v1"');
      const fetched = await fetchQueue.getJob(result.visits[0]!);
      expect(fetched!.returnvalue).toMatchObject({ outcome: 'handed-on' });
    });

    it('a gzip-bomb sitemap and a missing feed end the run with each refusal recorded, not a crash', async () => {
      await registry.save({ id: 'hong', name: 'Hỏng', sitemaps: [`${site.url}/sitemap-bomb.xml.gz`], feeds: [`${site.url}/khong-co.rss`] });
      const runId = (await registry.runNow('hong'))!;
      const end = await waitForJob(discoverQueue, runId, 60_000);
      expect(end.state).toBe('completed');
      expect(end.result).toMatchObject({ documents: 2, enqueued: 0 });
      const refused = (end.result as DiscoverResult).refused;
      expect(refused).toContainEqual({ url: `${site.url}/sitemap-bomb.xml.gz`, reason: expect.stringMatching(/^too-large: gzip file exceeds/) });
      expect(refused).toContainEqual({ url: `${site.url}/khong-co.rss`, reason: expect.stringMatching(/^http-status: HTTP 404/) });
    });

    it('a paused source’s scheduled tick does nothing; removing a source forgets it', async () => {
      await registry.setPaused('bao-thu', true);
      const tick = await discoverQueue.add('discover', { sourceId: 'bao-thu', url: 'source:bao-thu' });
      expect((await waitForJob(discoverQueue, tick.id!)).result).toMatchObject({ skipped: 'source paused', documents: 0 });
      expect(await registry.remove('bao-thu')).toBe(true);
      const late = await discoverQueue.add('discover', { sourceId: 'bao-thu', url: 'source:bao-thu' });
      expect((await waitForJob(discoverQueue, late.id!)).result).toMatchObject({ skipped: 'source removed' });
      // One key an EXISTS: on a Redis Cluster the two sit in different slots.
      for (const key of [`${config.queuePrefix}:seen:bao-thu`, `${config.queuePrefix}:seen:bao-thu#sitemaps`]) expect(await connection.exists(key)).toBe(0);
    });
  });
}
