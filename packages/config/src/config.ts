import { z } from 'zod';
import { parseRedisTarget } from './redis-target';

/**
 * The one typed view of the environment. Every process reads its settings through
 * `loadConfig()`; defaults are the ones that work on a developer's machine.
 */
const bool = z
  .union([z.boolean(), z.string()])
  .transform((v) => (typeof v === 'boolean' ? v : ['1', 'true', 'yes', 'on'].includes(v.toLowerCase())));

/** A comma-separated list; empty entries dropped. */
const list = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

const ConfigSchema = z.object({
  nodeEnv: z.enum(['development', 'production', 'test']).default('development'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  logPretty: bool.optional(),

  /** One Redis (`redis://host:6379`) or a Redis Cluster (`redis+cluster://host:7001,host:7002,…`, see redis-target.ts). */
  redisUrl: z.string().default('redis://127.0.0.1:6379').superRefine(validRedisUrl),
  /** Prefix of every Redis key, so several deployments (or test runs) share one Redis (BullMQ's keys: `{ingest}` on a cluster). */
  queuePrefix: z.string().min(1).default('ingest'),

  /** One Elasticsearch node, or several comma-separated (nodes of one cluster: the client spreads requests and skips a dead one). */
  elasticsearchUrl: z.string().default('http://127.0.0.1:9200').superRefine(validUrlList),
  /** Prefix of every index and alias this deployment owns. */
  indexPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, "-" and "_" only')
    .default('news'),

  apiHost: z.string().default('127.0.0.1'),
  apiPort: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Guards /admin (the queue dashboard): Bearer token, or basic auth with it as password. */
  adminToken: z.string().min(12, 'use at least 12 characters').optional(),
  /** Port of the small /healthz server each worker exposes; 0 = pick a free one. */
  healthPort: z.coerce.number().int().min(0).max(65535).optional(),
  /** Longest wait for in-flight jobs on SIGTERM before the process exits anyway (they then rerun elsewhere). */
  shutdownTimeoutMs: z.coerce.number().int().positive().default(30_000),
  /**
   * A stage worker's job lock (BullMQ lockDuration, renewed every half of it) and its
   * stalled-job check interval: a job whose worker died returns to its queue within about
   * twice this. Shorter finds dead workers sooner; a job must never block the event loop this long.
   */
  workerLockMs: z.coerce.number().int().min(500).default(30_000),
  /**
   * Times a job may come back from a dead worker (its lock expired) before it is parked as
   * "job stalled more than allowable limit". BullMQ's default is 1, so two crashes of a
   * worker in a row parked every job it held both times, innocent ones included.
   */
  workerMaxStalls: z.coerce.number().int().min(0).default(5),

  fetch: z.object({
    userAgent: z.string().default('news-ingest/0.1 (+https://github.com/news-ingest/news-ingest)'),
    connectTimeoutMs: z.coerce.number().int().positive().default(10_000),
    /** Longest silence between two chunks of a response. */
    readTimeoutMs: z.coerce.number().int().positive().default(15_000),
    /** Whole request, redirects included. */
    deadlineMs: z.coerce.number().int().positive().default(30_000),
    maxBodyBytes: z.coerce.number().int().positive().default(5 * 1024 * 1024),
    maxRedirects: z.coerce.number().int().min(0).default(5),
    concurrency: z.coerce.number().int().positive().default(8),
    /** Least time between two requests to one host (start of one to start of the next), shared by every replica. */
    hostDelayMs: z.coerce.number().int().min(0).default(1_000),
    /** How long a fetched robots.txt is trusted. */
    robotsTtlSeconds: z.coerce.number().int().positive().default(3_600),
    /** Host names (exact, or `*.example.org`) fetched even when they resolve to a private address. */
    allowHosts: list,
    /** CIDRs (e.g. `127.0.0.0/8,::1/128`) that the SSRF guard lets through. */
    allowPrivateNetworks: list,
  }),
  discover: z.object({
    concurrency: z.coerce.number().int().positive().default(2),
    /** Sitemaps read per run (an index and its children together). */
    maxSitemaps: z.coerce.number().int().positive().default(50),
    /** Sitemap index nesting followed. */
    maxSitemapDepth: z.coerce.number().int().min(0).default(2),
    /** Article URLs taken from one run. */
    maxUrls: z.coerce.number().int().positive().default(5_000),
  }),
  /** A JSON or YAML file of source definitions, loaded into Redis when the fetcher starts. */
  sourcesFile: z.string().min(1).optional(),
  /** Run history and health of sources (see @ingest/sources RunLedger, healthOf). */
  sourceRuns: z.object({
    /** Runs kept per source; a new run drops the oldest past it. */
    kept: z.coerce.number().int().min(1).max(1_000).default(20),
    /** A source is `quiet` when none of its last this-many finished runs brought a new article… */
    quietRuns: z.coerce.number().int().min(1).max(1_000).default(3),
    /** …or none did for this many days. */
    quietDays: z.coerce.number().positive().max(365).default(2),
  })
    // Fewer runs kept than judged would make a source quiet never.
    .refine((r) => r.quietRuns <= r.kept, { message: 'SOURCE_QUIET_RUNS cannot be more than SOURCE_RUNS_KEPT', path: ['quietRuns'] }),
  parse: z.object({
    /** Pages parsed at once: also the size of the extraction thread pool. */
    concurrency: z.coerce.number().int().positive().default(2),
    /** Longest extraction of one page; past it the page's thread is ended and the page parked (extract-timeout). */
    timeoutMs: z.coerce.number().int().positive().default(30_000),
  }),
  index: z.object({
    /**
     * Jobs in flight; their articles share bulk requests. A job waits for its bulk request
     * and then for the shared refresh (up to INDEX_REFRESH_MS), so keeping Elasticsearch busy
     * takes about (articles/s) × (bulk time + refresh interval) jobs: ~1,500 on 2 cores.
     */
    concurrency: z.coerce.number().int().positive().default(2000),
    /** Documents (articles + tasks) per bulk request at most. */
    batchSize: z.coerce.number().int().positive().default(1000),
    /** Longest wait of a document for its bulk request. */
    batchMs: z.coerce.number().int().min(0).default(200),
    /** Shortest time between two refreshes the indexer asks for (a job is acknowledged once searchable). */
    refreshMs: z.coerce.number().int().min(0).default(1000),
  }),
  /** How long a fetched page waits for the parser in the page store. */
  pageStoreTtlSeconds: z.coerce.number().int().positive().default(24 * 3600),
});

export type Config = z.infer<typeof ConfigSchema>;

function validRedisUrl(value: string, ctx: z.RefinementCtx): void {
  try {
    parseRedisTarget(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a Redis URL (${(err as Error).message})` });
  }
}

function validUrlList(value: string, ctx: z.RefinementCtx): void {
  const urls = value.split(',').map((s) => s.trim());
  for (const url of urls) if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) ctx.addIssue({ code: 'custom', message: `not an http(s) URL: "${url}"` });
}

type Env = Record<string, string | undefined>;

/** Reads the environment into a validated Config, or throws one error listing every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const raw = {
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    logPretty: env.LOG_PRETTY,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    elasticsearchUrl: env.ELASTICSEARCH_URL,
    indexPrefix: env.INDEX_PREFIX,
    apiHost: env.API_HOST,
    apiPort: env.API_PORT,
    adminToken: env.ADMIN_TOKEN || undefined,
    healthPort: env.HEALTH_PORT,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    workerLockMs: env.WORKER_LOCK_MS,
    workerMaxStalls: env.WORKER_MAX_STALLS,
    fetch: {
      userAgent: env.FETCH_USER_AGENT,
      connectTimeoutMs: env.FETCH_CONNECT_TIMEOUT_MS,
      readTimeoutMs: env.FETCH_READ_TIMEOUT_MS,
      deadlineMs: env.FETCH_DEADLINE_MS,
      maxBodyBytes: env.FETCH_MAX_BODY_BYTES,
      maxRedirects: env.FETCH_MAX_REDIRECTS,
      concurrency: env.FETCH_CONCURRENCY,
      hostDelayMs: env.FETCH_HOST_DELAY_MS,
      robotsTtlSeconds: env.ROBOTS_TTL_SECONDS,
      allowHosts: env.FETCH_ALLOW_HOSTS,
      allowPrivateNetworks: env.FETCH_ALLOW_PRIVATE_NETWORKS,
    },
    discover: {
      concurrency: env.DISCOVER_CONCURRENCY,
      maxSitemaps: env.DISCOVER_MAX_SITEMAPS,
      maxSitemapDepth: env.DISCOVER_MAX_SITEMAP_DEPTH,
      maxUrls: env.DISCOVER_MAX_URLS,
    },
    sourcesFile: env.SOURCES_FILE || undefined,
    sourceRuns: { kept: env.SOURCE_RUNS_KEPT, quietRuns: env.SOURCE_QUIET_RUNS, quietDays: env.SOURCE_QUIET_DAYS },
    parse: { concurrency: env.PARSE_CONCURRENCY, timeoutMs: env.PARSE_TIMEOUT_MS },
    index: { concurrency: env.INDEX_CONCURRENCY, batchSize: env.INDEX_BATCH_SIZE, batchMs: env.INDEX_BATCH_MS, refreshMs: env.INDEX_REFRESH_MS },
    pageStoreTtlSeconds: env.PAGE_STORE_TTL_SECONDS,
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
