import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { ALL_QUEUES, QueueName } from '@ingest/contracts';
import { createRedisConnection, enqueueVisits, openQueue, PipelineStatusReader, type PipelineStatus, type QueueSettings, type QueueStatus } from '@ingest/queue';
import { countArticles, createSearchClient, ensureIndices, indexNames, type Client, type IndexNames } from '@ingest/search';
import { startArticleSite, type ArticleSite } from '../../ops/support/article-site';
import { sample, scrape } from '../../ops/support/prometheus-text';
import { ServiceProcess, Services } from '../../ops/support/service-process';
import { cleanup, isolatedConfig } from '../../support/test-env';
import { duplicates as duplicatesOf, indexedUrls } from './index-audit';

/**
 * The one harness of the reliability tests that run the services as child processes
 * (tests/reliability/outages/* and tests/reliability/faults/*): environment, processes
 * (`Services`, and `Crew` for kill -9 of one current worker per stage), queue counts,
 * waiting for a crawl to finish, and the exactly-once checks of the index.
 */
export { serviceEnv, Services } from '../../ops/support/service-process';
export { auditIndex, duplicates, indexedUrls, type IndexAudit } from './index-audit';

/** A whole number from the environment (for a longer soak by hand), else the CI default. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}=${raw}: a whole number is expected`);
  return n;
}

/** A directory for one test file's child-process logs (kept after the run, printed on failure). */
export function logDir(name: string): string {
  const dir = path.join(os.tmpdir(), 'ingest-reliability', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** An HTTP base URL's `/readyz`: status and body, or status 0 when it does not answer within 10 s. */
export async function readyz(base: string): Promise<{ status: number; body: { ready?: boolean; checks?: Record<string, boolean>; failed?: string[] } }> {
  try {
    const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: (await res.json()) as never };
  } catch {
    return { status: 0, body: {} };
  }
}

/** Sum of a metric on a process's `/metrics`. */
export async function metric(base: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  return sample(await scrape(`${base}/metrics`), name, labels);
}

export type Counts = Record<QueueName, QueueStatus['counts']>;

/**
 * A status reader on a connection of its own, closed with it: a closed queue's job
 * scheduler stays subscribed to its connection's errors (and prints them) otherwise.
 */
function statusReader(settings: QueueSettings): { reader: PipelineStatusReader; close(): Promise<void> } {
  const connection = (settings.connection as ReturnType<typeof createRedisConnection>).duplicate();
  connection.on('error', () => {});
  const reader = new PipelineStatusReader({ connection, prefix: settings.prefix });
  return {
    reader,
    close: async () => {
      await reader.close();
      connection.disconnect();
    },
  };
}

/** Job counts of every queue. */
export async function queueCounts(settings: QueueSettings): Promise<Counts> {
  const { reader, close } = statusReader(settings);
  try {
    const status = await reader.read();
    return Object.fromEntries(status.queues.map((q) => [q.queue, q.counts])) as Counts;
  } finally {
    await close();
  }
}

/**
 * Polls until the fetch, parse and index queues have nothing pending and `index`
 * completed `expected` jobs, at most `timeoutMs` (then returns the last counts; the
 * caller's assertions say what is missing). `onPoll` runs between two polls (e.g. to
 * sample the workers' memory meanwhile).
 */
export async function waitUntilDone(
  settings: QueueSettings,
  expected: number,
  timeoutMs: number,
  opts: { onPoll?: () => Promise<unknown> } = {},
): Promise<{ counts: Counts; status: PipelineStatus; ms: number }> {
  const { reader, close } = statusReader(settings);
  const t0 = Date.now();
  let status: PipelineStatus | undefined;
  let counts: Counts | undefined;
  try {
    while (Date.now() - t0 < timeoutMs) {
      status = await reader.read();
      counts = Object.fromEntries(status.queues.map((q) => [q.queue, q.counts])) as Counts;
      const pipeline = status.queues.filter((q) => q.queue !== 'discover');
      if (pipeline.every((q) => q.pending === 0) && counts.index.completed >= expected) break;
      await opts.onPoll?.();
      await new Promise((r) => setTimeout(r, 500));
    }
    return { counts: counts!, status: status!, ms: Date.now() - t0 };
  } finally {
    await close();
  }
}

/** Failed (parked) jobs per queue. */
export function failedPerQueue(counts: Counts): Record<string, number> {
  return Object.fromEntries(ALL_QUEUES.map((q) => [q, counts[q]?.failed ?? 0]));
}

/**
 * Every page of `site` is searchable exactly once (no url twice, none missing, none
 * foreign), and every process `services` started is still running.
 */
export async function expectEveryPageOnce(es: Client, names: IndexNames, site: ArticleSite, services: Services): Promise<{ searchable: number; duplicates: number }> {
  const urls = await indexedUrls(es, names);
  const duplicates = duplicatesOf(urls);
  expect(duplicates).toEqual([]);
  expect(urls.length).toBe(site.paths.length);
  expect(new Set(urls)).toEqual(new Set(site.paths.map((p) => site.url + p)));
  expect(services.stillRunning(), 'no process died or needed a restart').toEqual(Object.fromEntries(services.all.map((p, i) => [`${p.name}#${i}`, true])));
  return { searchable: new Set(urls).size, duplicates: duplicates.length };
}

/**
 * The set-up of a crawl through an Elasticsearch fault (the tests of outages/elasticsearch-*):
 * an isolated config, its queue settings, a client of the real Elasticsearch, the services'
 * log directory, and, before all, a site of `pages` articles, the test's proxy opened and
 * the indices made; after all, everything stopped and cleaned up. `site` is set once
 * beforeAll has run; `indexed()` counts the searchable articles after a refresh;
 * `startCrawl()` enqueues the whole site and waits for the crawl to be under way.
 */
export function esFaultSuite(name: string, pages: number, proxy: { open(): Promise<unknown>; close(): Promise<unknown> }, env: Record<string, string> = {}) {
  const config = isolatedConfig(env);
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const es = createSearchClient(config.elasticsearchUrl);
  const names = indexNames(config.indexPrefix);
  const logs = logDir(name);
  const services = new Services(logs);
  let site: ArticleSite | undefined;
  const indexed = async () => {
    await es.indices.refresh({ index: names.articles });
    return countArticles(es, names);
  };
  beforeAll(async () => {
    site = await startArticleSite(pages);
    await proxy.open();
    await ensureIndices(es, config.indexPrefix);
  });
  afterAll(async () => {
    await services.killAll();
    await proxy.close();
    settings.connection.disconnect();
    await es.close();
    await site?.close();
    await cleanup(config);
  });
  return {
    config,
    settings,
    es,
    names,
    logs,
    services,
    get site(): ArticleSite {
      if (!site) throw new Error('the site is started in beforeAll');
      return site;
    },
    indexed,
    /** Enqueues a visit of every page of the site, then waits until the first pages are indexed; returns when it enqueued. */
    async startCrawl(): Promise<number> {
      const { url, paths } = this.site;
      const fetchQueue = openQueue(QueueName.fetch, settings);
      const t0 = Date.now();
      await enqueueVisits(
        fetchQueue,
        paths.map((p) => ({ url: url + p })),
      );
      await fetchQueue.close();
      await expect.poll(indexed, { timeout: 60_000, interval: 200 }).toBeGreaterThanOrEqual(Math.min(20, pages / 10));
      return t0;
    },
  };
}

/** A free TCP port on the loopback (bound, read, released). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type WorkerName = 'fetcher' | 'parser' | 'indexer';

/** Lines worth keeping in memory from a long run: warnings and errors (the rest go to the log file). */
const keepWarnings = (entry: Record<string, unknown>) => typeof entry.level === 'number' && entry.level >= 40;

/**
 * The workers of one test as real processes (on `Services`), one current process per
 * stage: kill -9 one and start its replacement, read each one's RSS from its own
 * /metrics, and tell whether any died that the test did not kill.
 */
export class Crew {
  readonly current = new Map<WorkerName, ServiceProcess>();
  private readonly services: Services;
  private readonly killedOnPurpose = new Set<ServiceProcess>();
  readonly kills: Record<WorkerName, number> = { fetcher: 0, parser: 0, indexer: 0 };
  readonly peakRss: Record<WorkerName, number> = { fetcher: 0, parser: 0, indexer: 0 };

  constructor(
    private readonly env: Record<string, string>,
    logDir: string,
    private readonly perWorkerEnv: Partial<Record<WorkerName, Record<string, string>>> = {},
  ) {
    this.services = new Services(logDir, keepWarnings);
  }

  /** Every process started, in order. */
  get all(): readonly ServiceProcess[] {
    return this.services.all;
  }

  start(name: WorkerName): ServiceProcess {
    const p = this.services.start(name, { ...this.env, ...this.perWorkerEnv[name] });
    this.current.set(name, p);
    return p;
  }

  async startAll(names: readonly WorkerName[] = ['fetcher', 'parser', 'indexer']): Promise<void> {
    const started = names.map((n) => this.start(n));
    await Promise.all(started.map((p) => p.healthUrl()));
  }

  /** SIGKILL, no warning, no drain; waits for the exit, then starts its replacement at once. */
  async killNine(name: WorkerName): Promise<ServiceProcess> {
    const victim = this.current.get(name)!;
    this.killedOnPurpose.add(victim);
    victim.signal('SIGKILL');
    const exit = await victim.exited;
    if (exit.signal !== 'SIGKILL') throw new Error(`${name} exited ${JSON.stringify(exit)} instead of being killed`);
    this.kills[name]++;
    return this.start(name);
  }

  /** Processes that exited without the test killing them (a crash, or an exit on its own). */
  unexpectedExits(): string[] {
    return this.all.filter((p) => !this.killedOnPurpose.has(p) && !p.running).map((p) => `${p.name} (pid ${p.pid})`);
  }

  /** RSS in bytes of each current worker, from process_resident_memory_bytes on its health port. */
  async rss(names: readonly WorkerName[] = [...this.current.keys()]): Promise<Partial<Record<WorkerName, number>>> {
    const mem = await this.memory(names);
    return Object.fromEntries(Object.entries(mem).map(([k, v]) => [k, v.rss])) as Partial<Record<WorkerName, number>>;
  }

  /** RSS and V8 heap in use (nodejs_heap_size_used_bytes) of each current worker, in bytes. */
  async memory(names: readonly WorkerName[] = [...this.current.keys()]): Promise<Partial<Record<WorkerName, { rss: number; heap: number }>>> {
    const out: Partial<Record<WorkerName, { rss: number; heap: number }>> = {};
    await Promise.all(
      names.map(async (name) => {
        const p = this.current.get(name);
        if (!p?.running) return;
        try {
          const metrics = await scrape(`${await p.healthUrl(5_000)}/metrics`);
          const rss = sample(metrics, 'process_resident_memory_bytes');
          out[name] = { rss, heap: sample(metrics, 'nodejs_heap_size_used_bytes') };
          this.peakRss[name] = Math.max(this.peakRss[name], rss);
        } catch {
          // Just restarted, not listening yet: no sample this time.
        }
      }),
    );
    return out;
  }

  /** Warnings and errors every process logged (info and below are in the log files). */
  warnings(): { worker: string; msg: string }[] {
    return this.all.flatMap((p) => p.lines.map((l) => ({ worker: p.name, msg: String(l.msg) })));
  }

  async stopAll(): Promise<void> {
    await this.services.killAll();
  }
}
