import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, enqueueVisits, openQueue } from '@ingest/queue';
import { createSearchClient, ensureIndices, indexNames } from '@ingest/search';
import { cleanup, isolatedConfig } from '../../support/test-env';
import { auditIndex, Crew, envInt, logDir as logDirOf, metric, serviceEnv, waitUntilDone, type WorkerName } from '../support/crawl-harness';
import { MB, recordFigures } from '../support/figures';
import { startNewsSite, tasksOfPage, type NewsSite } from '../support/news-site';

// CI runs the defaults; RELIABILITY_PAGES / RELIABILITY_ROUNDS make a longer soak by hand.
const PAGES = envInt('RELIABILITY_PAGES', 500);
const ROUNDS = envInt('RELIABILITY_ROUNDS', 3);
/** A dead worker's jobs come back after about twice this (BullMQ lock + stalled check). */
const LOCK_MS = 4_000;
const STAGES: readonly WorkerName[] = ['fetcher', 'parser', 'indexer'];
/** Killed downstream first, so each stage still has work in hand when its turn comes. */
const KILL_ORDER: readonly WorkerName[] = ['indexer', 'parser', 'fetcher'];
const QUEUE_OF: Record<WorkerName, QueueName> = { fetcher: QueueName.fetch, parser: QueueName.parse, indexer: QueueName.index };

/**
 * kill -9 in the middle of a crawl loses nothing and duplicates nothing: fetcher, parser
 * and indexer run as real processes; each is SIGKILLed (no drain, no goodbye) in every
 * round while it has jobs in hand, and started again at once. The jobs it held come back
 * through BullMQ's stalled-job check; at the end every page is searchable exactly once,
 * with exactly its tasks, and no job is parked.
 */
describe(`kill -9 of every worker during a crawl of ${PAGES} pages (${ROUNDS} rounds; real Redis, real Elasticsearch)`, () => {
  const config = isolatedConfig();
  const logDir = logDirOf('kill-nine');
  const env = serviceEnv(config, {
    FETCH_CONCURRENCY: '8',
    // A killed fetcher's host lease (deadline + 5 s) holds the host until it expires.
    FETCH_DEADLINE_MS: '2000',
    PARSE_CONCURRENCY: '2',
    INDEX_CONCURRENCY: '200',
    WORKER_LOCK_MS: String(LOCK_MS),
    // A job can be killed under a worker once per round: a soak of many rounds needs more than the default 5.
    ...(ROUNDS >= 5 ? { WORKER_MAX_STALLS: String(ROUNDS + 1) } : {}),
  });
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const es = createSearchClient(config.elasticsearchUrl);
  const names = indexNames(config.indexPrefix);
  const crew = new Crew(env, logDir);
  let site: NewsSite;

  beforeAll(async () => {
    // One fetch at a time per host, ~delay + 20 ms a page even on an idle machine: the crawl
    // outlasts the rounds of kills (each waits for the restarted workers to be at work again).
    const delayMs = Math.max(2, Math.ceil((ROUNDS * 10_000) / PAGES) - 20);
    site = await startNewsSite(PAGES, delayMs);
    await ensureIndices(es, config.indexPrefix);
  });
  afterAll(async () => {
    await crew.stopAll();
    settings.connection.disconnect();
    await es.close();
    await site?.close();
    await cleanup(config);
  });

  it('every page searchable exactly once, with its tasks, and no job parked', { timeout: 360_000 + PAGES * 200 + ROUNDS * 60_000 }, async () => {
    const t0 = Date.now();
    await crew.startAll();
    const queues = Object.fromEntries(STAGES.map((s) => [s, openQueue(QUEUE_OF[s], settings)])) as Record<WorkerName, ReturnType<typeof openQueue>>;
    const inFlightAtKill: Record<WorkerName, number[]> = { fetcher: [], parser: [], indexer: [] };
    const doneAtKill: number[] = [];
    try {
      await enqueueVisits(
        queues.fetcher as ReturnType<typeof openQueue<'fetch'>>,
        site.paths.map((path) => ({ url: site.url + path })),
      );
      // The crawl is under way before the first kill.
      await expect.poll(() => queues.indexer.getCompletedCount(), { timeout: 60_000, interval: 200 }).toBeGreaterThan(0);

      for (let round = 1; round <= ROUNDS; round++) {
        if (round > 1) await sleep(2_000);
        doneAtKill.push(await queues.indexer.getCompletedCount());
        for (const stage of KILL_ORDER) {
          // The victim is the replacement started last round: it must have come up and be
          // working (a job done by this very process) before it is killed again.
          const victim = crew.current.get(stage)!;
          const health = await victim.healthUrl();
          await expect
            .poll(() => metric(health, 'ingest_job_duration_seconds_count', { stage: QUEUE_OF[stage] }), { timeout: 60_000, interval: 100 })
            .toBeGreaterThan(0);
          // Kill while the stage has jobs in hand (bounded wait: the parser's come and go fast).
          const until = Date.now() + 3_000;
          let active = await queues[stage].getActiveCount();
          while (active === 0 && Date.now() < until) {
            await sleep(10);
            active = await queues[stage].getActiveCount();
          }
          inFlightAtKill[stage].push(active);
          await crew.rss([stage]);
          await crew.killNine(stage);
        }
      }
      expect(doneAtKill.at(-1), 'the last round of kills came mid-crawl').toBeLessThan(PAGES);

      // Drained: every job done, none waiting, delayed or stuck active (bounded).
      const { status, counts, ms: drainMs } = await waitUntilDone(settings, PAGES, 240_000 + PAGES * 100, { onPoll: () => crew.rss() });
      // How often one job came back from a dead worker (BullMQ's default of 1 would have parked those above 1).
      const stalls = await Promise.all(STAGES.map(async (s) => Math.max(0, ...(await queues[s].getJobs(['completed', 'failed'], 0, -1)).map((j) => j.stalledCounter ?? 0))));
      const audit = await auditIndex(es, names, PAGES);
      const expectedTasks = site.paths.reduce((sum, _p, i) => sum + tasksOfPage(i + 1), 0);
      const figures = {
        pages: PAGES,
        rounds: ROUNDS,
        'kills (fetcher/parser/indexer)': `${crew.kills.fetcher}/${crew.kills.parser}/${crew.kills.indexer}`,
        'active in the queue at each kill': inFlightAtKill,
        'pages indexed at each round': doneAtKill,
        'pages fetched (requests)': [...site.hits.values()].reduce((a, b) => a + b, 0),
        'article documents': audit.articles,
        'distinct urls': audit.distinctUrls,
        'duplicate urls': audit.duplicateUrls.length,
        'task documents': `${audit.tasks} (expected ${expectedTasks})`,
        'duplicate tasks': audit.duplicateTasks.length,
        'parked jobs': counts.fetch!.failed + counts.parse!.failed + counts.index!.failed,
        'stalled jobs returned': crew.warnings().filter((w) => w.msg === 'stalled job returned to the queue').length,
        'most returns of one job (fetch/parse/index)': stalls.join('/'),
        'peak RSS MB (fetcher/parser/indexer)': STAGES.map((s) => (crew.peakRss[s] / MB).toFixed(0)).join('/'),
        'drain after last kill s': (drainMs / 1000).toFixed(1),
        'total s': ((Date.now() - t0) / 1000).toFixed(1),
        'worker logs': logDir,
      };
      recordFigures('kill-nine', { ...figures, faultsInjected: crew.kills.fetcher + crew.kills.parser + crew.kills.indexer, pagesCrawled: PAGES, pagesSearchable: audit.distinctUrls, duplicates: audit.duplicateUrls.length + audit.duplicateTasks.length + (audit.articles - audit.distinctUrls), parkedJobs: counts.fetch!.failed + counts.parse!.failed + counts.index!.failed, peakRssBytes: crew.peakRss });

      expect(
        status.queues.filter((q) => q.pending > 0).map((q) => `${q.queue}: ${JSON.stringify(q.counts)}`),
        'queues drained',
      ).toEqual([]);
      expect([counts.fetch!.failed, counts.parse!.failed, counts.index!.failed], 'parked jobs (fetch, parse, index)').toEqual([0, 0, 0]);
      expect([counts.fetch!.completed, counts.parse!.completed, counts.index!.completed]).toEqual([PAGES, PAGES, PAGES]);

      // No worker died on its own or needed a hand: the ones running now are the last restarts, and ready.
      expect(crew.unexpectedExits(), 'workers that exited without being killed').toEqual([]);
      for (const p of crew.current.values()) expect((await fetch(`${await p.healthUrl()}/readyz`)).status, `${p.name} ready`).toBe(200);

      expect(audit.articles).toBe(PAGES);
      expect(audit.distinctUrls).toBe(PAGES);
      expect(audit.duplicateUrls).toEqual([]);
      expect([...audit.articleIds.keys()].sort()).toEqual(site.paths.map((p) => site.url + p).sort());
      expect(audit.tasks).toBe(expectedTasks);
      expect(audit.duplicateTasks).toEqual([]);
      const wrongTaskCounts = site.paths
        .map((p, i) => ({ url: site.url + p, want: tasksOfPage(i + 1), got: audit.tasksPerArticle.get(audit.articleIds.get(site.url + p) ?? '') ?? 0 }))
        .filter((x) => x.want !== x.got);
      expect(wrongTaskCounts).toEqual([]);
      // Something was really in hand when the workers died, and came back.
      expect(inFlightAtKill.fetcher.some((n) => n > 0) && inFlightAtKill.indexer.some((n) => n > 0)).toBe(true);
    } finally {
      for (const q of Object.values(queues)) await q.close();
    }
  });
});
