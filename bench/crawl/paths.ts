/**
 * The three crawl paths of `pnpm bench crawl`, each from a cold start (fresh processes, and
 * for ours a fresh private Redis), on the same site at the same concurrency. Each returns
 * pages read, wall time and the CPU seconds of every process involved in the window.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, openQueue } from '@ingest/queue';
import { SourceRegistry } from '@ingest/sources';
import { Child, cpuWindow, peakRssOf, startRedis, startService } from './processes';
import type { CrawlerReport } from './runner';
import { FEED_PATH, SITEMAP_PATH } from '../site/site';

export interface PathRun {
  articles: number;
  failed: number;
  seconds: number;
  /** CPU seconds per process in the run's window. */
  cpu: Record<string, number>;
  peakRss: Record<string, number>;
  notes?: Record<string, unknown>;
}

export interface Site {
  url: string;
  pages: number;
  pid: number;
}

export const SOURCE_ID = 'bench-site';

/** Crawlee or the floor: a child process told when to start; its CPU read from /proc around the run. */
export async function runCrawlerChild(script: string, site: Site, concurrency: number): Promise<PathRun> {
  const child = new Child(script, ['--import', 'tsx', `bench/crawl/${script}.ts`, site.url, String(concurrency)], { CRAWLEE_STORAGE_DIR: join('/tmp', `crawlee-bench-${process.pid}`) });
  try {
    await child.next((l) => l.ready === true);
    const cpu = cpuWindow({ crawler: child.pid, site: site.pid });
    child.send('go');
    const report = (await child.next((l) => l.done === true, 600_000)) as unknown as CrawlerReport;
    return { articles: report.articles, failed: report.failed, seconds: report.seconds, cpu: cpu(), peakRss: { crawler: peakRssOf(child.pid) ?? 0 } };
  } finally {
    await child.stop('SIGKILL');
  }
}

/** Room for every page of the site and the feed's entries, which repeat sitemap URLs (a run counts URLs before it drops those already seen). */
export function discoverMaxUrls(site: Site): number {
  return Math.max(5_000, site.pages * 2);
}

/** The environment of our services for a bench run on a private Redis. */
export function serviceEnv(redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: 'bench',
    FETCH_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    ...extra,
  };
}

/**
 * The bench site as a source of ours: its sitemap index and feed, no delay between
 * requests and `concurrency` of them in flight (the other crawlers' settings for it).
 */
export async function registerSite(registry: SourceRegistry, site: Site, concurrency: number): Promise<void> {
  await registry.save({ id: SOURCE_ID, name: 'Bench site', sitemaps: [`${site.url}${SITEMAP_PATH}`], feeds: [`${site.url}${FEED_PATH}`], politeness: { delayMs: 0, concurrency } });
}

/**
 * Ours: fetcher (discovery + fetch) and parser as production runs them, BullMQ on a private
 * redis-server. The clock runs from asking for the source's run to the last parse job done.
 */
export async function runOurs(site: Site, concurrency: number, logDir: string, round: number): Promise<PathRun> {
  mkdirSync(logDir, { recursive: true });
  const redis = await startRedis();
  const env = serviceEnv(redis.url, { FETCH_CONCURRENCY: String(concurrency), DISCOVER_MAX_URLS: String(discoverMaxUrls(site)) });
  const connection = createRedisConnection(redis.url);
  const settings = { connection, prefix: env.QUEUE_PREFIX! };
  const registry = new SourceRegistry(connection, settings);
  const parseQueue = openQueue(QueueName.parse, settings);
  const fetchQueue = openQueue(QueueName.fetch, settings);
  const children: Child[] = [];
  try {
    children.push(await startService('fetcher', env, join(logDir, `fetcher-${round}.log`)), await startService('parser', env, join(logDir, `parser-${round}.log`)));
    const [fetcher, parser] = children as [Child, Child];
    await registerSite(registry, site, concurrency);
    const commandsBefore = await redisCommands(connection);
    const cpu = cpuWindow({ fetcher: fetcher.pid, parser: parser.pid, 'parser:main': parser.pid, redis: redis.pid, site: site.pid });
    const t0 = performance.now();
    await registry.runNow(SOURCE_ID);
    let done = { completed: 0, failed: 0, fetchFailed: 0 };
    while (done.completed + done.failed + done.fetchFailed < site.pages) {
      await new Promise((r) => setTimeout(r, 25));
      const [p, f] = await Promise.all([parseQueue.getJobCounts('completed', 'failed'), fetchQueue.getJobCounts('failed')]);
      done = { completed: p.completed ?? 0, failed: p.failed ?? 0, fetchFailed: f.failed ?? 0 };
      if (performance.now() - t0 > 600_000) throw new Error(`ours: only ${done.completed} of ${site.pages} pages parsed in 600 s`);
    }
    const seconds = (performance.now() - t0) / 1000;
    const used = cpu();
    const commands = perPage(diffCommands(commandsBefore, await redisCommands(connection)), site.pages);
    return { articles: done.completed, failed: done.failed + done.fetchFailed, seconds, cpu: used, peakRss: { fetcher: peakRssOf(fetcher.pid) ?? 0, parser: peakRssOf(parser.pid) ?? 0 }, notes: { redisCommandsPerPage: commands } };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await parseQueue.close();
    await fetchQueue.close();
    await registry.close();
    connection.disconnect();
    await redis.stop();
  }
}

/** Calls per Redis command so far (INFO commandstats): what the pipeline asks of Redis. */
export async function redisCommands(redis: ReturnType<typeof createRedisConnection>): Promise<Record<string, number>> {
  const info = await redis.info('commandstats');
  return Object.fromEntries([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
}

export function diffCommands(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
}

/** Per page, biggest first, with the total under `all`. */
export function perPage(calls: Record<string, number>, pages: number): Record<string, number> {
  const entries = Object.entries(calls).sort((a, b) => b[1] - a[1]);
  const all = entries.reduce((n, [, v]) => n + v, 0);
  return Object.fromEntries([['all', all], ...entries].map(([k, v]) => [k, Number(((v as number) / pages).toFixed(2))]));
}
