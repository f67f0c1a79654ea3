/**
 * One run of `pnpm bench e2e`: the bench site crawled into Elasticsearch by fetcher, R
 * parsers and R indexers (each its own process) on a private Redis, into indices of the
 * run's own (deleted after). Measured: articles/s until the last page is searchable,
 * freshness of every page (fetch requested → its index job acknowledged, which the indexer
 * does once the page is searchable), then freshness of single pages asked for one by one,
 * Redis memory, and each worker's peak RSS and CPU.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { QueueName, type IndexJob } from '@ingest/contracts';
import { createRedisConnection, enqueueVisits, openQueue, type TypedQueue } from '@ingest/queue';
import { createSearchClient, deleteIndices, ensureIndices } from '@ingest/search';
import { SourceRegistry } from '@ingest/sources';
import { diffCommands, discoverMaxUrls, perPage, redisCommands, registerSite, serviceEnv, SOURCE_ID, type Site } from './paths';
import { cpuWindow, peakRssOf, startRedis, startService, type Child } from './processes';

export interface E2eRun {
  replicas: number;
  pages: number;
  seconds: number;
  articlesPerSecond: number;
  /** ms from fetch requested to searchable, over every page of the crawl (all requested at its start). */
  crawlFreshnessMs: { p50: number; p95: number };
  /** The same for single pages requested one at a time, `trickle` of them. */
  singleFreshnessMs: { p50: number; p95: number; pages: number };
  redisPeakUsedBytes: number;
  /** Most jobs seen waiting in each queue at once: where the backlog sat. */
  peakWaiting: { fetch: number; parse: number; index: number };
  /** Redis commands per page (INFO commandstats) over the crawl, biggest first, `all` their sum. */
  redisCommandsPerPage: Record<string, number>;
  cpuMsPerPage: Record<string, number>;
  peakRssBytes: Record<string, number>;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
}

/** Freshness of every completed index job: finishedOn − requestedAt. */
async function freshness(indexQueue: TypedQueue<'index'>, ids?: Set<string>): Promise<number[]> {
  const jobs = await indexQueue.getJobs(['completed'], 0, -1);
  return jobs.filter((j) => j && (!ids || ids.has(j.id!))).map((j) => j.finishedOn! - (j.data as IndexJob).requestedAt);
}

async function waitForCompleted(queue: TypedQueue<'index'>, expected: number, timeoutMs: number, onPoll: () => Promise<void>): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const c = await queue.getJobCounts('completed', 'failed');
    if ((c.completed ?? 0) + (c.failed ?? 0) >= expected) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`e2e: ${c.completed} of ${expected} pages searchable after ${timeoutMs / 1000} s`);
    await onPoll();
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function usedMemory(redis: ReturnType<typeof createRedisConnection>): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
}

/** Single pages asked for one at a time (every `gapMs`), each refetched (not `ifChanged`): their freshness. */
async function trickle(site: Site, fetchQueue: TypedQueue<'fetch'>, indexQueue: TypedQueue<'index'>, pages: number, gapMs: number): Promise<number[]> {
  const paths = await sitePaths(site, pages);
  const ids: string[] = [];
  for (const p of paths) {
    ids.push(...(await enqueueVisits(fetchQueue, [{ url: p, sourceId: SOURCE_ID }])));
    await new Promise((r) => setTimeout(r, gapMs));
  }
  const wanted = new Set(ids);
  const t0 = Date.now();
  while ((await freshness(indexQueue, wanted)).length < ids.length && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 100));
  return freshness(indexQueue, wanted);
}

async function sitePaths(site: Site, n: number): Promise<string[]> {
  const first = await (await fetch(`${site.url}/sitemaps/articles-1.xml`)).text();
  return [...first.matchAll(/<loc>([^<]+)<\/loc>/g)].slice(0, n).map((m) => m[1]!);
}

interface Workers {
  fetcher: Child;
  parsers: Child[];
  indexers: Child[];
}

async function startWorkers(env: Record<string, string>, replicas: number, logDir: string): Promise<Workers> {
  const fetcher = await startService('fetcher', env, join(logDir, `e2e-r${replicas}-fetcher.log`));
  const parsers = await Promise.all(Array.from({ length: replicas }, (_, i) => startService('parser', env, join(logDir, `e2e-r${replicas}-parser-${i}.log`))));
  const indexers = await Promise.all(Array.from({ length: replicas }, (_, i) => startService('indexer', env, join(logDir, `e2e-r${replicas}-indexer-${i}.log`))));
  return { fetcher, parsers, indexers };
}

function pidsOf(w: Workers, redisPid: number): Record<string, number> {
  return {
    fetcher: w.fetcher.pid,
    ...Object.fromEntries(w.parsers.map((p, i) => [`parser#${i}`, p.pid])),
    ...Object.fromEntries(w.indexers.map((p, i) => [`indexer#${i}`, p.pid])),
    redis: redisPid,
  };
}

/** CPU ms per page summed over the replicas of each kind (`parser#0` + `parser#1` → parser). */
function perKind(cpu: Record<string, number>, pages: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, s] of Object.entries(cpu)) out[k.split('#')[0]!] = (out[k.split('#')[0]!] ?? 0) + (s * 1000) / pages;
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Number(v.toFixed(2))]));
}

export async function runE2e(site: Site, replicas: number, opts: { concurrency: number; elasticsearchUrl: string; logDir: string; trickle: number }): Promise<E2eRun> {
  const redis = await startRedis();
  const indexPrefix = `bench-e2e-${randomBytes(3).toString('hex')}-r${replicas}`;
  const env = serviceEnv(redis.url, { FETCH_CONCURRENCY: String(opts.concurrency), DISCOVER_MAX_URLS: String(discoverMaxUrls(site)), ELASTICSEARCH_URL: opts.elasticsearchUrl, INDEX_PREFIX: indexPrefix });
  const connection = createRedisConnection(redis.url);
  const settings = { connection, prefix: env.QUEUE_PREFIX! };
  const registry = new SourceRegistry(connection, settings);
  const [fetchQueue, indexQueue] = [openQueue(QueueName.fetch, settings), openQueue(QueueName.index, settings)];
  const es = createSearchClient(opts.elasticsearchUrl);
  let workers: Workers | undefined;
  try {
    await ensureIndices(es, indexPrefix);
    workers = await startWorkers(env, replicas, opts.logDir);
    await registerSite(registry, site, opts.concurrency);
    const commandsBefore = await redisCommands(connection);
    const cpu = cpuWindow(pidsOf(workers, redis.pid));
    const peaks = { redis: 0, fetch: 0, parse: 0, index: 0 };
    const parseQueue = openQueue(QueueName.parse, settings);
    let sampledAt = 0;
    const sample = async () => {
      // Four times a second: the bench's own reads stay a small part of what Redis does.
      if (Date.now() - sampledAt < 250) return;
      sampledAt = Date.now();
      const [f, p, i] = await Promise.all([fetchQueue, parseQueue, indexQueue].map((q) => q.getWaitingCount()));
      [peaks.redis, peaks.fetch, peaks.parse, peaks.index] = [Math.max(peaks.redis, await usedMemory(connection)), Math.max(peaks.fetch, f!), Math.max(peaks.parse, p!), Math.max(peaks.index, i!)];
    };
    const t0 = performance.now();
    await registry.runNow(SOURCE_ID);
    await waitForCompleted(indexQueue, site.pages, 900_000, sample).finally(() => parseQueue.close());
    const seconds = (performance.now() - t0) / 1000;
    const used = cpu();
    const commands = perPage(diffCommands(commandsBefore, await redisCommands(connection)), site.pages);
    const crawl = await freshness(indexQueue);
    const single = await trickle(site, fetchQueue, indexQueue, opts.trickle, 200);
    const rss = Object.fromEntries(Object.entries(pidsOf(workers, redis.pid)).filter(([k]) => k !== 'redis').map(([k, pid]) => [k, peakRssOf(pid) ?? 0]));
    return {
      replicas,
      pages: site.pages,
      seconds,
      articlesPerSecond: Math.round(site.pages / seconds),
      crawlFreshnessMs: { p50: percentile(crawl, 50), p95: percentile(crawl, 95) },
      singleFreshnessMs: { p50: percentile(single, 50), p95: percentile(single, 95), pages: single.length },
      redisPeakUsedBytes: peaks.redis,
      peakWaiting: { fetch: peaks.fetch, parse: peaks.parse, index: peaks.index },
      redisCommandsPerPage: commands,
      cpuMsPerPage: perKind(used, site.pages),
      peakRssBytes: rss,
    };
  } finally {
    if (workers) await Promise.all([workers.fetcher, ...workers.parsers, ...workers.indexers].map((c) => c.stop()));
    await Promise.all([fetchQueue.close(), indexQueue.close(), registry.close()]);
    connection.disconnect();
    await redis.stop();
    await deleteIndices(es, indexPrefix).catch(() => undefined);
    await es.close();
  }
}

/** Redis bytes that 1,000 waiting fetch jobs take (used_memory before and after enqueueing them), on a fresh private Redis. */
export async function redisBytesPer1000Queued(siteUrl: string): Promise<number> {
  const redis = await startRedis();
  const connection = createRedisConnection(redis.url);
  const fetchQueue = openQueue(QueueName.fetch, { connection, prefix: 'bench' });
  try {
    await fetchQueue.waitUntilReady();
    const before = await usedMemory(connection);
    await enqueueVisits(fetchQueue, Array.from({ length: 1_000 }, (_, i) => ({ url: `${siteUrl}/thoi-su/bai-${i}.html`, sourceId: SOURCE_ID, ifChanged: true })));
    return (await usedMemory(connection)) - before;
  } finally {
    await fetchQueue.close();
    connection.disconnect();
    await redis.stop();
  }
}
