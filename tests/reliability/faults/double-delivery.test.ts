import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, openQueue } from '@ingest/queue';
import { createSearchClient, ensureIndices, indexNames } from '@ingest/search';
import { sample, scrape } from '../../ops/support/prometheus-text';
import type { ServiceProcess } from '../../ops/support/service-process';
import { cleanup, isolatedConfig } from '../../support/test-env';
import { auditIndex, metric, serviceEnv, Services } from '../support/crawl-harness';
import { recordFigures } from '../support/figures';
import { indexJobFor, pageUrl } from '../support/index-jobs';
import { tasksOfPage } from '../support/news-site';

const JOBS = 20;
const SITE = 'https://tin.example.vn';

/**
 * A job delivered twice writes one document: BullMQ is at-least-once, so the index stage
 * must be idempotent. Here the second delivery is the real thing, not a re-add: indexer A
 * takes the jobs and is frozen (SIGSTOP) while they wait for their bulk request, its locks
 * expire, BullMQ's stalled check hands the same jobs to indexer B, which indexes them; then
 * A is thawed and its first run finishes too, writing the same documents a second time.
 */
describe('double delivery of index jobs (worker processes, real Redis, real Elasticsearch)', () => {
  const config = isolatedConfig();
  const env = serviceEnv(config, { WORKER_LOCK_MS: '1000' });
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const es = createSearchClient(config.elasticsearchUrl);
  const names = indexNames(config.indexPrefix);
  const services = new Services();
  const start = (extra: Record<string, string> = {}) => services.start('indexer', { ...env, ...extra });
  const jobsDone = async (p: ServiceProcess) => metric(await p.healthUrl(), 'ingest_job_duration_seconds_count', { stage: 'index' });

  beforeAll(async () => {
    await ensureIndices(es, config.indexPrefix);
  });
  afterAll(async () => {
    await services.killAll();
    settings.connection.disconnect();
    await es.close();
    await cleanup(config);
  });

  it('a stalled job picked up again while its first run is still going: one document, tasks once', { timeout: 120_000 }, async () => {
    const queue = openQueue(QueueName.index, settings);
    try {
      // A holds every job in its batch for 5 s: plenty of time to freeze it with all of them in hand.
      const a = start({ INDEX_BATCH_MS: '5000', INDEX_CONCURRENCY: '1000' });
      await a.healthUrl();
      const jobs = Array.from({ length: JOBS }, (_, i) => indexJobFor(SITE, i + 1));
      await queue.addBulk(jobs.map((data) => ({ name: QueueName.index, data, opts: { jobId: data.visitId } })));
      await expect.poll(() => queue.getActiveCount(), { timeout: 10_000, interval: 20 }).toBe(JOBS);
      a.signal('SIGSTOP');
      const frozenAt = Date.now();

      const b = start();
      await expect.poll(() => queue.getCompletedCount(), { timeout: 60_000, interval: 200 }).toBe(JOBS);
      const redeliveredAfterMs = Date.now() - frozenAt;
      expect(await jobsDone(b), 'B ran every job').toBe(JOBS);
      const expectedTasks = jobs.reduce((sum, _j, i) => sum + tasksOfPage(i + 1), 0);
      const afterB = await auditIndex(es, names, JOBS);
      expect([afterB.articles, afterB.tasks]).toEqual([JOBS, expectedTasks]);

      // A wakes up: its first runs finish, write the same documents again, and report to a lock it lost.
      a.signal('SIGCONT');
      await expect.poll(async () => (a.running ? jobsDone(a) : -1), { timeout: 30_000, interval: 200 }).toBe(JOBS);
      await sleep(500);
      expect(a.running, 'A carries on after losing its locks').toBe(true);
      const lockErrors = a.lines.filter((l) => /lock/i.test(JSON.stringify(l.err ?? l.msg))).length;

      const audit = await auditIndex(es, names, JOBS);
      const counts = await queue.getJobCounts('completed', 'failed', 'active', 'wait', 'delayed');
      const bulk = await scrape(`${await a.healthUrl()}/metrics`);
      recordFigures('double-delivery', {
        jobs: JOBS,
        'redelivered to B after ms': redeliveredAfterMs,
        'documents A wrote again after thawing': sample(bulk, 'ingest_index_bulk_items_total', { result: 'indexed' }),
        'lock errors A logged': lockErrors,
        'article documents': audit.articles,
        'task documents': `${audit.tasks} (expected ${expectedTasks})`,
        'duplicate urls': audit.duplicateUrls.length,
        'duplicate tasks': audit.duplicateTasks.length,
        'queue counts': counts,
        duplicates: audit.duplicateUrls.length + audit.duplicateTasks.length + (audit.articles - audit.distinctUrls),
        deliveries: 2 * JOBS,
      });
      expect(sample(bulk, 'ingest_index_bulk_items_total', { result: 'indexed' }), 'A really wrote its documents a second time').toBe(JOBS + expectedTasks);
      expect(audit.articles).toBe(JOBS);
      expect(audit.distinctUrls).toBe(JOBS);
      expect(audit.duplicateUrls).toEqual([]);
      expect(audit.tasks).toBe(expectedTasks);
      expect(audit.duplicateTasks).toEqual([]);
      expect([...audit.articleIds.keys()].sort()).toEqual(jobs.map((j) => j.finalUrl).sort());
      // The job stays done once, by B: A's late answer neither fails nor repeats it.
      expect(counts).toEqual({ completed: JOBS, failed: 0, active: 0, wait: 0, delayed: 0 });
    } finally {
      await queue.close();
    }
  });

  it('the same page handed on twice under two job ids, to two indexers at once: one document, tasks once', { timeout: 60_000 }, async () => {
    const prefix = `${config.queuePrefix}-twice`;
    const twiceEnv = { QUEUE_PREFIX: prefix };
    const queue = openQueue(QueueName.index, { connection: settings.connection, prefix });
    try {
      const indexers = [start(twiceEnv), start(twiceEnv)];
      await Promise.all(indexers.map((p) => p.healthUrl()));
      const jobs = Array.from({ length: JOBS }, (_, i) => indexJobFor(SITE, 100 + i));
      // Each page twice, interleaved, so the two copies are in flight together on either indexer.
      const copies = jobs.flatMap((data) => [data, { ...data, visitId: `${data.visitId}-again` }]);
      await queue.addBulk(copies.map((data) => ({ name: QueueName.index, data, opts: { jobId: data.visitId } })));
      await expect.poll(() => queue.getCompletedCount(), { timeout: 30_000, interval: 200 }).toBe(2 * JOBS);
      expect(await queue.getFailedCount()).toBe(0);

      await es.indices.refresh({ index: [names.articles, names.tasks] });
      const urls = jobs.map((j) => j.finalUrl);
      const articles = await es.count({ index: names.articles, query: { terms: { finalUrl: urls } } });
      const tasks = await es.count({ index: names.tasks, query: { terms: { url: urls } } });
      expect(articles.count).toBe(JOBS);
      expect(tasks.count).toBe(jobs.reduce((sum, _j, i) => sum + tasksOfPage(100 + i), 0));
      expect(pageUrl(SITE, 100)).toBe(jobs[0]!.finalUrl);
    } finally {
      await queue.close();
      await cleanup({ ...config, queuePrefix: prefix });
    }
  });
});
