import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { startFetcher } from '@ingest/fetcher';
import { createRedisConnection, openQueue } from '@ingest/queue';
import { ARTICLES, startFakeNewsSite, type FakeNewsSite } from '../fixtures/fake-news-site/server';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { enqueueFetch, gaps, waitForJob } from './crawl-support';

const DELAY_MS = 300;
// Arrival times are taken at the server, the slot is taken in Redis: allow a little jitter between the two.
const TOLERANCE_MS = 25;

/**
 * Politeness is a property of the whole deployment, not of one process: two fetcher
 * replicas share one Redis and must between them keep one request at a time per host,
 * starts spaced by the host delay (or robots.txt's Crawl-delay when longer), and keep a
 * host closed for its Retry-After. On whatever Redis `env` points at (tests/crawl/politeness.test.ts:
 * the run's Redis; tests/cluster: a Redis Cluster, where the host gate's script must stay in one slot).
 */
export function describePoliteness(redis: string, env: Record<string, string> = {}): void {
  describe(`politeness with two fetcher replicas (${redis})`, () => {
    const config = isolatedConfig({ FETCH_HOST_DELAY_MS: String(DELAY_MS), FETCH_CONCURRENCY: '4', ...env });
    const logger = testLogger(config, 'crawl-polite');
    const connection = createRedisConnection(config.redisUrl);
    const fetchQueue = openQueue(QueueName.fetch, { connection, prefix: config.queuePrefix });
    const replicas: { close(): Promise<unknown> }[] = [];
    const sites: FakeNewsSite[] = [];

    beforeAll(async () => {
      replicas.push(startFetcher(config, logger), startFetcher(config, logger));
    });
    afterAll(async () => {
      for (const r of replicas) await r.close();
      await fetchQueue.close();
      connection.disconnect();
      for (const s of sites) await s.close();
      await cleanup(config);
    });

    async function crawlAll(site: FakeNewsSite, paths: string[]) {
      const ids = await Promise.all(paths.map((p) => enqueueFetch(fetchQueue, site.url + p)));
      return Promise.all(ids.map((id) => waitForJob(fetchQueue, id, 60_000)));
    }

    it('spaces every request to one host by the host delay, across both replicas', async () => {
      const site = await startFakeNewsSite();
      sites.push(site);
      const paths = [ARTICLES.a, ARTICLES.b, ARTICLES.c, ARTICLES.d, ARTICLES.e, ARTICLES.f];
      const ends = await crawlAll(site, paths);
      expect(ends.map((e) => e.state)).toEqual(paths.map(() => 'completed'));
      // robots.txt first, then each article once.
      expect(site.requests.map((r) => r.path).sort()).toEqual(['/robots.txt', ...paths].sort());
      const g = gaps(site.requests);
      expect(g).toHaveLength(paths.length);
      expect(Math.min(...g)).toBeGreaterThanOrEqual(DELAY_MS - TOLERANCE_MS);
    });

    it('obeys a Crawl-delay longer than the configured delay', async () => {
      const site = await startFakeNewsSite({ crawlDelaySeconds: 0.7 });
      sites.push(site);
      const ends = await crawlAll(site, [ARTICLES.a, ARTICLES.b, ARTICLES.c]);
      expect(ends.every((e) => e.state === 'completed')).toBe(true);
      const articleGaps = gaps(site.requests.filter((r) => r.path !== '/robots.txt'));
      expect(articleGaps).toHaveLength(2);
      expect(Math.min(...articleGaps)).toBeGreaterThanOrEqual(700 - TOLERANCE_MS);
    });

    it('closes a host that answers 429 for its Retry-After, then fetches the page', async () => {
      const site = await startFakeNewsSite();
      sites.push(site);
      site.busyCount = 1;
      const busy = await enqueueFetch(fetchQueue, site.url + '/busy');
      // Queued right behind the 429: it must wait for the Retry-After too.
      await new Promise((r) => setTimeout(r, 100));
      const other = await enqueueFetch(fetchQueue, site.url + ARTICLES.a);
      const [busyEnd, otherEnd] = await Promise.all([waitForJob(fetchQueue, busy, 60_000), waitForJob(fetchQueue, other, 60_000)]);
      // Two attempts: the 429, then the page (BullMQ counts the successful one too).
      expect(busyEnd).toMatchObject({ state: 'completed', attempts: 2, result: { outcome: 'handed-on' } });
      expect(otherEnd.state).toBe('completed');
      const first429 = site.hits('/busy')[0]!;
      const after = site.requests.filter((r) => r.at > first429.at);
      expect(after.length).toBeGreaterThanOrEqual(2);
      expect(Math.min(...after.map((r) => r.at - first429.at))).toBeGreaterThanOrEqual(1000 - TOLERANCE_MS);
      expect(site.hits('/busy')).toHaveLength(2);
    });
  });
}
