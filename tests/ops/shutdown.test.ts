import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, enqueueVisit, enqueueVisits, openQueue, PipelineStatusReader } from '@ingest/queue';
import { countArticles, createSearchClient, ensureIndices, indexNames } from '@ingest/search';
import { cleanup, isolatedConfig } from '../support/test-env';
import { startArticleSite, type ArticleSite } from './support/article-site';
import { sample, scrape } from './support/prometheus-text';
import { serviceEnv, Services } from './support/service-process';

const PAGES = 40;

/**
 * SIGTERM in the middle of a crawl loses nothing and duplicates nothing: the three workers
 * run as real processes, are stopped half-way, restarted, and the index ends with exactly
 * one document per page crawled.
 */
describe('graceful shutdown during a crawl (worker processes, real Redis, real Elasticsearch)', () => {
  const config = isolatedConfig();
  const env = serviceEnv(config, { FETCH_CONCURRENCY: '2', SHUTDOWN_TIMEOUT_MS: '30000' });
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const es = createSearchClient(config.elasticsearchUrl);
  const names = indexNames(config.indexPrefix);
  const services = new Services();
  let site: ArticleSite;

  const startWorkers = () => {
    return (['fetcher', 'parser', 'indexer'] as const).map((name) => services.start(name, env));
  };
  const indexed = async () => {
    await es.indices.refresh({ index: names.articles });
    return countArticles(es, names);
  };

  beforeAll(async () => {
    site = await startArticleSite(PAGES, { delayMs: 150 });
    await ensureIndices(es, config.indexPrefix);
  });
  afterAll(async () => {
    await services.killAll();
    settings.connection.disconnect();
    await es.close();
    await site?.close();
    await cleanup(config);
  });

  it(`indexes each of ${PAGES} pages exactly once across a SIGTERM and a restart`, async () => {
    const first = startWorkers();
    const fetchQueue = openQueue(QueueName.fetch, settings);
    await enqueueVisits(
      fetchQueue,
      site.paths.map((path) => ({ url: site.url + path })),
    );
    await fetchQueue.close();

    // The worker's own health port: ready, and its metrics count the fetches it made.
    const fetcherHealth = await first[0]!.healthUrl();
    await expect.poll(async () => (await fetch(`${fetcherHealth}/readyz`)).status, { timeout: 30_000 }).toBe(200);
    await expect.poll(indexed, { timeout: 90_000, interval: 200 }).toBeGreaterThanOrEqual(5);
    expect(sample(await scrape(`${fetcherHealth}/metrics`), 'ingest_fetch_responses_total', { status: '200', reason: 'ok' })).toBeGreaterThanOrEqual(5);

    for (const p of first) p.signal('SIGTERM');
    const exits = await Promise.all(first.map((p) => p.exited));
    expect(exits.map((e) => e.code)).toEqual([0, 0, 0]);
    for (const p of first) expect(p.logged('stopped cleanly'), `${p.name} drained and stopped`).toBe(true);
    const atStop = await indexed();
    expect(atStop, 'the stop really came mid-crawl').toBeLessThan(PAGES);

    startWorkers();
    const reader = new PipelineStatusReader(settings);
    try {
      await expect.poll(async () => (await reader.read()).queues.every((q) => q.pending === 0), { timeout: 120_000, interval: 500 }).toBe(true);
      const status = await reader.read();
      const byQueue = Object.fromEntries(status.queues.map((q) => [q.queue, q.counts]));
      expect([byQueue.fetch!.failed, byQueue.parse!.failed, byQueue.index!.failed]).toEqual([0, 0, 0]);
      expect([byQueue.fetch!.completed, byQueue.parse!.completed, byQueue.index!.completed]).toEqual([PAGES, PAGES, PAGES]);
    } finally {
      await reader.close();
    }

    expect(await indexed()).toBe(PAGES);
    const docs = await es.search<{ finalUrl: string }>({ index: names.articles, size: PAGES * 2, _source: ['finalUrl'] });
    const urls = docs.hits.hits.map((h) => h._source!.finalUrl).sort();
    expect(urls).toEqual(site.paths.map((p) => site.url + p).sort());
  });

  it('gives up draining after SHUTDOWN_TIMEOUT_MS and exits 1, leaving the job in Redis to be run again', async () => {
    const slow = await startArticleSite(1, { delayMs: 60_000 });
    const prefix = `${config.queuePrefix}-timeout`;
    try {
      const fetcher = services.start('fetcher', { ...env, QUEUE_PREFIX: prefix, SHUTDOWN_TIMEOUT_MS: '1500' });
      await fetcher.healthUrl();
      const q = openQueue(QueueName.fetch, { connection: settings.connection, prefix });
      const visitId = await enqueueVisit(q, { url: slow.url + slow.paths[0] });
      await expect.poll(() => slow.hits.size, { timeout: 30_000 }).toBe(1);

      const t0 = Date.now();
      fetcher.signal('SIGTERM');
      expect((await fetcher.exited).code).toBe(1);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(fetcher.lines.some((l) => String(l.msg).startsWith('drain timed out'))).toBe(true);
      // Still in Redis, not lost: BullMQ's stalled-job check hands it to the next worker.
      expect(await (await q.getJob(visitId))!.getState()).toBe('active');
      await q.close();
    } finally {
      await slow.close();
      await cleanup({ ...config, queuePrefix: prefix });
    }
  });

  it('a second SIGINT exits at once while a slow job is still draining', async () => {
    const slow = await startArticleSite(1, { delayMs: 60_000 });
    try {
      const fetcher = services.start('fetcher', { ...env, QUEUE_PREFIX: `${config.queuePrefix}-sigint` });
      await fetcher.healthUrl();
      const q = openQueue(QueueName.fetch, { connection: settings.connection, prefix: `${config.queuePrefix}-sigint` });
      const visitId = await enqueueVisit(q, { url: slow.url + slow.paths[0] });
      await q.close();
      await expect.poll(() => slow.hits.size, { timeout: 30_000 }).toBe(1);

      fetcher.signal('SIGINT');
      await expect.poll(() => fetcher.logged('shutting down: draining in-flight jobs'), { timeout: 10_000 }).toBe(true);
      const health = await fetcher.healthUrl();
      const draining = await fetch(`${health}/readyz`);
      expect(draining.status).toBe(503);
      expect(await draining.json()).toMatchObject({ ready: false, stopping: true });

      const t0 = Date.now();
      fetcher.signal('SIGINT');
      expect((await fetcher.exited).code).toBe(130);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(fetcher.logged('second SIGINT: exiting now')).toBe(true);
    } finally {
      await slow.close();
      await cleanup({ ...config, queuePrefix: `${config.queuePrefix}-sigint` });
    }
  });
});
