import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '@ingest/config';
import { ALL_QUEUES, type QueueName } from '@ingest/contracts';
import { PipelineStatusReader, type createRedisConnection, type QueueSettings, type QueueStatus } from '@ingest/queue';
import type { Client, IndexNames } from '@ingest/search';
import { sample, scrape } from '../../ops/support/prometheus-text';
import { ServiceProcess } from '../../ops/support/service-process';

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

/** The environment of the services of one isolated config. */
export function serviceEnv(config: Config, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: config.redisUrl,
    ELASTICSEARCH_URL: config.elasticsearchUrl,
    QUEUE_PREFIX: config.queuePrefix,
    INDEX_PREFIX: config.indexPrefix,
    FETCH_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8',
    FETCH_HOST_DELAY_MS: '0',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/**
 * The pipeline's processes. Their logs go to files in `dir` (one per service); only
 * warnings and errors are kept in memory, so a long run stays small.
 */
export class Services {
  readonly all: ServiceProcess[] = [];

  constructor(private readonly dir: string) {}

  start(name: ServiceProcess['name'], env: Record<string, string>): ServiceProcess {
    const n = this.all.filter((p) => p.name === name).length;
    const p = new ServiceProcess(name, env, {
      logFile: path.join(this.dir, `${name}${n ? `-${n}` : ''}.log`),
      keep: (e) => typeof e.level !== 'number' || e.level >= 40 || /stopped cleanly|started$/.test(String(e.msg)),
    });
    this.all.push(p);
    return p;
  }

  /** Every process started is still running: none died, none had to be restarted. */
  stillRunning(): Record<string, boolean> {
    return Object.fromEntries(this.all.map((p, i) => [`${p.name}#${i}`, p.running]));
  }

  async killAll(): Promise<void> {
    await Promise.all(this.all.map((p) => p.kill()));
  }
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
 * caller's assertions say what is missing).
 */
export async function waitUntilDone(settings: QueueSettings, expected: number, timeoutMs: number): Promise<{ counts: Counts; ms: number }> {
  const { reader, close } = statusReader(settings);
  const t0 = Date.now();
  let counts: Counts | undefined;
  try {
    while (Date.now() - t0 < timeoutMs) {
      const status = await reader.read();
      counts = Object.fromEntries(status.queues.map((q) => [q.queue, q.counts])) as Counts;
      const pipeline = status.queues.filter((q) => q.queue !== 'discover');
      if (pipeline.every((q) => q.pending === 0) && counts.index.completed >= expected) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    return { counts: counts!, ms: Date.now() - t0 };
  } finally {
    await close();
  }
}

/** Failed (parked) jobs per queue. */
export function failedPerQueue(counts: Counts): Record<string, number> {
  return Object.fromEntries(ALL_QUEUES.map((q) => [q, counts[q]?.failed ?? 0]));
}

/** Every article document's `finalUrl` (scrolled, so any N works). */
export async function indexedUrls(es: Client, names: IndexNames): Promise<string[]> {
  await es.indices.refresh({ index: names.articles });
  const urls: string[] = [];
  let res = await es.search<{ finalUrl: string }>({ index: names.articles, size: 1000, scroll: '1m', _source: ['finalUrl'], sort: ['_doc'] });
  for (let pages = 0; pages < 10_000 && res.hits.hits.length; pages++) {
    urls.push(...res.hits.hits.map((h) => h._source!.finalUrl));
    res = await es.scroll<{ finalUrl: string }>({ scroll_id: res._scroll_id!, scroll: '1m' });
  }
  if (res._scroll_id) await es.clearScroll({ scroll_id: res._scroll_id }).catch(() => {});
  return urls;
}

/** Urls that occur more than once. */
export function duplicates(urls: string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const u of urls) (seen.has(u) ? twice : seen).add(u);
  return [...twice];
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
