import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName, type FetchJob } from '@ingest/contracts';
import { createRedisConnection, defaultJobOptions, enqueueVisits, openQueue } from '@ingest/queue';
import { countArticles, createSearchClient, ensureIndices, indexNames } from '@ingest/search';
import { SourceRegistry, schedulerId } from '@ingest/sources';
import { startArticleSite, type ArticleSite } from '../../ops/support/article-site';
import { cleanup, isolatedConfig } from '../../support/test-env';
import { envInt, expectEveryPageOnce, failedPerQueue, freePort, logDir, queueCounts, readyz, serviceEnv, Services, sleep, waitUntilDone } from '../support/crawl-harness';
import { recordFigures } from '../support/figures';
import { RedisServer } from '../support/redis-server';

/** Pages crawled; how long Redis stays down; how it stops (`kill`: SIGKILL, `shutdown`: SHUTDOWN). */
const PAGES = envInt('RELIABILITY_PAGES', 500);
const DOWN_MS = envInt('RELIABILITY_REDIS_DOWN_MS', 5_000);
const STOP = process.env.RELIABILITY_REDIS_STOP === 'shutdown' ? 'shutdown' : 'kill';
/** Politeness between two fetches of the article site: most fetch jobs wait as delayed jobs. */
const HOST_DELAY_MS = Math.max(1, Math.ceil(30_000 / PAGES));
/** The source's schedule: its next run falls after the restart. */
const EVERY_MS = 15_000;

/**
 * Redis restarts in the middle of a crawl. The test runs its own redis-server (AOF, fsync
 * always, on a port and directory of its own), kills it, keeps it down for `DOWN_MS` and
 * starts it again on the same port and directory. A quarter of the pages come from a
 * source's sitemap, run by its job scheduler; a quarter are enqueued as delayed jobs right
 * before the restart; the rest are plain visits, most of which wait for the host's turn
 * (FETCH_HOST_DELAY_MS) as delayed jobs. Waiting, delayed and scheduled jobs survive, the
 * workers reconnect by themselves (ioredis retryStrategy), and every page ends indexed
 * exactly once, nothing parked, no process restarted.
 */
describe('Redis restarted during a crawl (worker processes, a private Redis, real Elasticsearch)', () => {
  const redis = new RedisServer();
  let config: ReturnType<typeof isolatedConfig>;
  let settings: { connection: ReturnType<typeof createRedisConnection>; prefix: string };
  const es = createSearchClient(isolatedConfig().elasticsearchUrl);
  const logs = logDir('redis-restart');
  const services = new Services(logs);
  let site: ArticleSite;
  let sitemap: http.Server;
  let sitemapUrl = '';

  beforeAll(async () => {
    await redis.start();
    config = isolatedConfig({ REDIS_URL: redis.url });
    // The test's own connection rides out the restart like the workers' (errors are expected then).
    const connection = createRedisConnection(config.redisUrl);
    connection.on('error', () => {});
    settings = { connection, prefix: config.queuePrefix };
    site = await startArticleSite(PAGES);
    // The source's sitemap lists the first quarter of the pages (served from a host of its own).
    const listed = site.paths.slice(0, Math.floor(PAGES / 4)).map((p) => `<url><loc>${site.url}${p}</loc></url>`);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${listed.join('')}</urlset>`;
    sitemap = http.createServer((req, res) => {
      if (req.url === '/sitemap.xml') res.writeHead(200, { 'content-type': 'application/xml' }).end(xml);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => sitemap.listen(0, '127.0.0.1', r));
    sitemapUrl = `http://127.0.0.1:${(sitemap.address() as { port: number }).port}/sitemap.xml`;
    await ensureIndices(es, config.indexPrefix);
  });
  afterAll(async () => {
    await services.killAll();
    if (config && !(await redis.ping())) await redis.start().catch(() => {});
    settings?.connection.disconnect();
    if (config) await cleanup(config).catch(() => {});
    await es.close();
    await site?.close();
    await new Promise((r) => sitemap?.close(r));
    await redis.destroy();
  });

  it(`indexes all ${PAGES} pages exactly once across a Redis ${STOP} and restart (${DOWN_MS / 1000} s down)`, { timeout: 300_000 }, async () => {
    const names = indexNames(config.indexPrefix);
    const indexed = async () => {
      await es.indices.refresh({ index: names.articles });
      return countArticles(es, names);
    };
    const sourcePages = Math.floor(PAGES / 4);
    const delayedPages = Math.floor(PAGES / 4);
    const plainPages = PAGES - sourcePages - delayedPages;
    const plain = site.paths.slice(sourcePages, sourcePages + plainPages);
    const delayed = site.paths.slice(sourcePages + plainPages);

    // A connection of its own: a closed queue's job scheduler stays subscribed to the errors of its connection.
    const registryConnection = createRedisConnection(config.redisUrl);
    const registry = new SourceRegistry(registryConnection, { connection: registryConnection, prefix: config.queuePrefix });
    await registry.save({ id: 'restart-src', name: 'Restart source', sitemaps: [sitemapUrl], schedule: { every: EVERY_MS } });
    await registry.close();
    registryConnection.disconnect();
    const env = serviceEnv(config, { FETCH_HOST_DELAY_MS: String(HOST_DELAY_MS) });
    const apiPort = await freePort();
    const workers = (['fetcher', 'parser', 'indexer'] as const).map((n) => services.start(n, env));
    services.start('api', { ...env, API_PORT: String(apiPort), API_HOST: '127.0.0.1' });
    const bases = [...(await Promise.all(workers.map((w) => w.healthUrl()))), `http://127.0.0.1:${apiPort}`];
    for (const base of bases) await expect.poll(async () => (await readyz(base)).status, { timeout: 60_000, interval: 250 }).toBe(200);

    const fetchQueue = openQueue(QueueName.fetch, settings);
    const discoverQueue = openQueue(QueueName.discover, settings);
    for (const q of [fetchQueue, discoverQueue]) q.on('error', () => {});
    const t0 = Date.now();
    await enqueueVisits(
      fetchQueue,
      plain.map((p) => ({ url: site.url + p })),
    );
    await expect.poll(indexed, { timeout: 60_000, interval: 200 }).toBeGreaterThanOrEqual(Math.min(20, PAGES / 10));

    // Delayed jobs due only after Redis is back.
    const requestedAt = Date.now();
    const delayedIds = await fetchQueue
      .addBulk(
        delayed.map((p) => {
          const visitId = randomUUID();
          const data: FetchJob = { url: site.url + p, visitId, requestedAt };
          return { name: QueueName.fetch, data, opts: { ...defaultJobOptions.fetch, jobId: visitId, delay: DOWN_MS + 10_000 } };
        }),
      )
      .then((jobs) => jobs.map((j) => j.id!));

    // What Redis holds right before it goes: jobs not finished, and the source's next run.
    const unfinished = async () => {
      const jobs = await Promise.all([fetchQueue.getJobs(['waiting', 'delayed', 'prioritized', 'active']), discoverQueue.getJobs(['waiting', 'delayed', 'prioritized', 'active'])]);
      return jobs.flat().map((j) => ({ queue: j.queueName, id: j.id! }));
    };
    const before = { counts: await queueCounts(settings), jobs: await unfinished(), scheduler: await discoverQueue.getJobScheduler(schedulerId('restart-src')), indexed: await indexed() };
    expect(before.counts.fetch.delayed, 'fetch jobs wait as delayed jobs (politeness and delay)').toBeGreaterThan(delayedPages);
    expect(before.scheduler?.next).toBeGreaterThan(Date.now());

    const down = Date.now();
    await redis.stop(STOP);
    const downReadiness = await Promise.all(bases.map(readyz));
    await sleep(Math.max(0, DOWN_MS - (Date.now() - down)));
    await redis.start();
    const up = Date.now();

    // Everything Redis held is still there (jobs only move on: waiting → active → completed).
    const states = await Promise.all(before.jobs.map(async (j) => (j.queue === 'fetch' ? await fetchQueue.getJobState(j.id) : await discoverQueue.getJobState(j.id))));
    const lost = before.jobs.filter((_, i) => states[i] === 'unknown');
    expect(lost, 'no waiting, delayed or active job was lost').toEqual([]);
    const delayedStates = await Promise.all(delayedIds.map((id) => fetchQueue.getJobState(id)));
    expect(delayedStates.filter((s) => s !== 'delayed'), 'the delayed jobs are still delayed').toEqual([]);
    const scheduler = await discoverQueue.getJobScheduler(schedulerId('restart-src'));
    expect(scheduler, "the source's job scheduler survived").toMatchObject({ every: EVERY_MS });

    // Every process finds Redis again by itself.
    for (const base of bases) await expect.poll(async () => (await readyz(base)).status, { timeout: 30_000, interval: 100 }).toBe(200);
    const readyAfterMs = Date.now() - up;
    await expect.poll(indexed, { timeout: 60_000, interval: 200 }).toBeGreaterThan(before.indexed);
    const indexingAfterMs = Date.now() - up;

    const done = await waitUntilDone(settings, PAGES, 180_000);
    const doneAfterMs = Date.now() - up;
    // The scheduler fired after the restart too (a run that finds nothing new).
    await expect.poll(async () => (await discoverQueue.getJobs(['completed'])).filter((j) => (j.finishedOn ?? 0) > up).length, { timeout: EVERY_MS * 3, interval: 500 }).toBeGreaterThan(0);
    const counts = await queueCounts(settings);
    expect(failedPerQueue(counts), 'no job was parked for the restart').toEqual({ discover: 0, fetch: 0, parse: 0, index: 0 });
    expect([done.counts.fetch.completed, done.counts.parse.completed, done.counts.index.completed]).toEqual([PAGES, PAGES, PAGES]);

    const once = await expectEveryPageOnce(es, names, site, services);
    const runs = await discoverQueue.getJobs(['completed']);
    await fetchQueue.close();
    await discoverQueue.close();

    recordFigures('redis-restart', {
      fault: `Redis ${STOP === 'kill' ? 'killed' : 'shut down'} and restarted (AOF) mid-crawl, with a scheduled source and delayed jobs`,
      pagesCrawled: PAGES,
      pagesSearchable: once.searchable,
      duplicates: once.duplicates,
      parkedJobs: 0,
      unfinishedJobsKept: before.jobs.length,
      delayedFetchJobsKept: before.counts.fetch.delayed,
      downMs: up - down,
      readyzWhileDown: downReadiness.map((r) => r.status).join(','),
      allReadyAfterMs: readyAfterMs,
      indexingAgainAfterMs: indexingAfterMs,
      doneAfterMs,
      sourceRuns: runs.length,
      seconds: Math.round((Date.now() - t0) / 1000),
      logs,
    });
  });
});
