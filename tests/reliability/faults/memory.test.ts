import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, enqueueVisits, openQueue, PageStore } from '@ingest/queue';
import { createSearchClient, ensureIndices, indexNames } from '@ingest/search';
import { cleanup, isolatedConfig } from '../../support/test-env';
import { Crew, envInt, logDir as logDirOf, serviceEnv } from '../support/crawl-harness';
import { MB, recordFigures } from '../support/figures';
import { parseJobFor, pageUrl } from '../support/index-jobs';
import { tasksOfPage } from '../support/news-site';

// CI runs the defaults; RELIABILITY_MEMORY_PAGES makes a longer soak by hand.
const PAGES = envInt('RELIABILITY_MEMORY_PAGES', 10_000);
/**
 * Stated ceilings per worker process (tsx-loaded Node, BullMQ, prom-client): the parser
 * carries PARSE_CONCURRENCY extraction threads, each its own V8 heap (~400–500 MB in all
 * here with the default 2); the indexer its ES client and up to INDEX_CONCURRENCY jobs.
 */
const RSS_CEILING = { parser: 768 * MB, indexer: 512 * MB };
/** After warm-up a worker may grow by at most this factor: generous (memory is not timing; the indexer's RSS creeps ~1.4x over 10,000 pages while its heap stays flat), yet a leak of ~25 KB a page still fails it. */
const GROWTH_FACTOR = 2;
const WARM_UP = 0.2;
const SITE = 'https://tin.example.vn';

/**
 * Memory stays flat under a long run: parser and indexer (real processes) work through
 * PAGES parse jobs fed straight from Redis (no fetching, to keep it quick), and their
 * RSS, read from each one's /metrics at intervals, stays under a ceiling and does not
 * grow after the first WARM_UP of the run. Also: what 1,000 queued fetch jobs cost in Redis.
 */
describe('memory under a long run (worker processes, real Redis, real Elasticsearch)', () => {
  const config = isolatedConfig();
  const logDir = logDirOf('memory');
  const env = serviceEnv(config, {
    // Default parser settings (PARSE_CONCURRENCY 2 extraction threads). The indexer's jobs in
    // flight are capped below its default 2,000, so that what it holds is bounded by its slots
    // rather than by how far the parser runs ahead: growth then means a leak, not a backlog.
    INDEX_CONCURRENCY: '500',
  });
  const redis = createRedisConnection(config.redisUrl);
  const settings = { connection: redis, prefix: config.queuePrefix };
  const es = createSearchClient(config.elasticsearchUrl);
  const names = indexNames(config.indexPrefix);
  const crew = new Crew(env, logDir);
  const queuePrefix1000 = `${config.queuePrefix}-q1000`;

  beforeAll(async () => {
    await ensureIndices(es, config.indexPrefix);
  });
  afterAll(async () => {
    await crew.stopAll();
    redis.disconnect();
    await es.close();
    await cleanup(config);
    await cleanup({ ...config, queuePrefix: queuePrefix1000 });
  });

  it(`parser and indexer through ${PAGES} pages: RSS under ${RSS_CEILING.parser / MB} / ${RSS_CEILING.indexer / MB} MB, no growth after warm-up`, { timeout: 120_000 + PAGES * 50 }, async () => {
    const t0 = Date.now();
    const parseQueue = openQueue(QueueName.parse, settings);
    const indexQueue = openQueue(QueueName.index, settings);
    const pages = new PageStore(redis, config.queuePrefix, 3_600);
    const samples: { t: number; indexed: number; parser: number; indexer: number; parserHeap: number; indexerHeap: number }[] = [];
    try {
      await crew.startAll(['parser', 'indexer']);
      // Fed in chunks, as a fetcher would: the raw page in the page store, a reference in the job.
      for (let from = 1; from <= PAGES; from += 500) {
        const chunk = Array.from({ length: Math.min(500, PAGES - from + 1) }, (_, i) => parseJobFor(SITE, from + i));
        await Promise.all(chunk.map(({ job, body }) => pages.put(job.pageRef, body)));
        await parseQueue.addBulk(chunk.map(({ job }) => ({ name: QueueName.parse, data: job, opts: { jobId: job.visitId } })));
      }
      const deadline = Date.now() + 60_000 + PAGES * 50;
      let indexed = 0;
      while (indexed < PAGES && Date.now() < deadline) {
        await sleep(1_000);
        indexed = await indexQueue.getCompletedCount();
        const mem = await crew.memory(['parser', 'indexer']);
        if (mem.parser && mem.indexer) samples.push({ t: Date.now() - t0, indexed, parser: mem.parser.rss, indexer: mem.indexer.rss, parserHeap: mem.parser.heap, indexerHeap: mem.indexer.heap });
      }
      expect(indexed, 'every page indexed in time').toBe(PAGES);
      expect(await parseQueue.getFailedCount()).toBe(0);
      expect(await indexQueue.getFailedCount()).toBe(0);
      expect(crew.unexpectedExits()).toEqual([]);
      await es.indices.refresh({ index: [names.articles, names.tasks] });
      expect((await es.count({ index: names.articles })).count).toBe(PAGES);
      let expectedTasks = 0;
      for (let n = 1; n <= PAGES; n++) expectedTasks += tasksOfPage(n);
      expect((await es.count({ index: names.tasks })).count).toBe(expectedTasks);

      const warm = samples.filter((s) => s.indexed <= PAGES * WARM_UP);
      const after = samples.filter((s) => s.indexed > PAGES * WARM_UP);
      expect(warm.length, 'RSS samples during warm-up').toBeGreaterThan(0);
      expect(after.length, 'RSS samples after warm-up').toBeGreaterThan(2);
      const peak = (list: typeof samples, w: 'parser' | 'indexer') => Math.max(...list.map((s) => s[w]));
      const last = samples.at(-1)!;
      const figures: Record<string, unknown> = { pages: PAGES, samples: samples.length, 'run s': ((Date.now() - t0) / 1000).toFixed(1) };
      for (const w of ['parser', 'indexer'] as const) {
        figures[`${w} RSS MB: warm-up peak / later peak / last`] = `${(peak(warm, w) / MB).toFixed(0)} / ${(peak(after, w) / MB).toFixed(0)} / ${(last[w] / MB).toFixed(0)}`;
        figures[`${w} growth after warm-up`] = `${(peak(after, w) / peak(warm, w)).toFixed(2)}x (allowed ${GROWTH_FACTOR}x)`;
      }
      const steps = Array.from({ length: 10 }, (_, i) => samples.find((s) => s.indexed >= (PAGES * (i + 1)) / 10)).filter((s) => s !== undefined);
      figures['RSS MB at 10% steps (indexed: parser/indexer)'] = steps.map((s) => `${s.indexed}: ${(s.parser / MB).toFixed(0)}/${(s.indexer / MB).toFixed(0)}`).join(', ');
      figures['main-thread V8 heap used MB at 10% steps (parser/indexer)'] = steps.map((s) => `${(s.parserHeap / MB).toFixed(0)}/${(s.indexerHeap / MB).toFixed(0)}`).join(', ');
      recordFigures('memory', { ...figures, peakRssBytes: { parser: peak(samples, 'parser'), indexer: peak(samples, 'indexer') }, memoryPages: PAGES });

      for (const w of ['parser', 'indexer'] as const) {
        expect(peak(samples, w), `${w} peak RSS under the ceiling`).toBeLessThan(RSS_CEILING[w]);
        expect(peak(after, w), `${w} RSS after warm-up within ${GROWTH_FACTOR}x of warm-up`).toBeLessThanOrEqual(peak(warm, w) * GROWTH_FACTOR);
      }
    } finally {
      await parseQueue.close();
      await indexQueue.close();
    }
  });

  it('1,000 queued fetch jobs: what they cost in Redis', async () => {
    const prefix = queuePrefix1000;
    const fetchQueue = openQueue(QueueName.fetch, { connection: redis, prefix });
    try {
      await fetchQueue.waitUntilReady();
      const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
      const before = await usedMemory();
      await enqueueVisits(
        fetchQueue,
        Array.from({ length: 1_000 }, (_, i) => ({ url: pageUrl(SITE, i + 1) })),
      );
      const after = await usedMemory();
      expect(await fetchQueue.getWaitingCount()).toBe(1_000);
      // The keys themselves (other tests share this Redis, so used_memory is only indicative).
      let keyBytes = 0;
      let keys = 0;
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
        cursor = next;
        for (const key of batch) {
          keyBytes += Number((await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
          keys++;
        }
      } while (cursor !== '0');
      recordFigures('redis-1000-fetch-jobs', {
        keys,
        'MEMORY USAGE of the keys, bytes': keyBytes,
        'bytes per job (keys)': Math.round(keyBytes / 1_000),
        'used_memory delta, bytes (shared Redis: indicative)': after - before,
        redisBytesPer1000Jobs: keyBytes,
      });
      // A fetch job carries a url and its trace, never a page: well under 2 KB each.
      expect(keyBytes / 1_000).toBeLessThan(2_048);
    } finally {
      await fetchQueue.close();
    }
  });
});
