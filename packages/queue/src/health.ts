import http from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from '@ingest/config';
import { renderMetrics } from '@ingest/metrics';

/** Named readiness checks, e.g. `{ redis: true, elasticsearch: false, aliases: false }`. */
export type ReadinessChecks = Record<string, boolean>;

/** `promise`'s value, or `fallback` when it rejects or takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether Redis answers a PING within `ms`. Worker connections queue commands through an
 * outage (maxRetriesPerRequest: null), so without the bound this would hang, not fail.
 */
export function redisAnswers(connection: Redis, ms = 2_000): Promise<boolean> {
  return within(
    connection.ping().then((r) => r === 'PONG'),
    ms,
    false,
  );
}

export interface HealthServerOptions {
  /** Becomes true when the process starts draining: /readyz then answers 503 so traffic moves away. */
  isStopping?: () => boolean;
}

/**
 * The small HTTP server of a worker process: `/healthz` (the process is up), `/readyz`
 * (200 when every check passes, else 503 naming the failed ones) and `/metrics`
 * (Prometheus text of this process).
 */
export function startHealthServer(
  port: number,
  logger: Logger,
  checks: () => Promise<boolean | ReadinessChecks>,
  opts: HealthServerOptions = {},
): http.Server {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    if (path === '/healthz') return void json(200, { status: opts.isStopping?.() ? 'stopping' : 'ok' });
    if (path === '/readyz') {
      void readiness(checks, opts.isStopping).then(({ ready, body }) => json(ready ? 200 : 503, body));
      return;
    }
    if (path === '/metrics') {
      void renderMetrics().then(
        (m) => res.writeHead(200, { 'content-type': m.contentType }).end(m.body),
        (err: unknown) => {
          logger.warn({ err }, 'could not render metrics');
          res.writeHead(500).end();
        },
      );
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(port, '0.0.0.0', () => logger.info({ port: (server.address() as { port: number }).port }, 'health server listening on /healthz /readyz /metrics'));
  return server;
}

/** Runs the checks (each bounded by the caller) and shapes the /readyz answer. */
export async function readiness(
  checks: () => Promise<boolean | ReadinessChecks>,
  isStopping?: () => boolean,
): Promise<{ ready: boolean; body: { ready: boolean; checks: ReadinessChecks; failed: string[]; stopping?: true } }> {
  const raw = await within<boolean | ReadinessChecks>(checks(), 5_000, false);
  const named: ReadinessChecks = typeof raw === 'boolean' ? { ready: raw } : raw;
  const failed = Object.entries(named)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  const stopping = isStopping?.() ?? false;
  const ready = failed.length === 0 && !stopping;
  return { ready, body: { ready, checks: named, failed, ...(stopping ? { stopping: true as const } : {}) } };
}

/** The part of an Elasticsearch client the readiness check uses (structural: this package talks to no index). */
export interface ElasticsearchPing {
  cluster: { health(params: { timeout?: string }, options: { requestTimeout?: number; maxRetries?: number }): Promise<{ status: string }> };
  indices: { existsAlias(params: { name: string[] }, options: { requestTimeout?: number; maxRetries?: number }): Promise<boolean> };
}

/**
 * `elasticsearch`: the cluster answers and is not red; `aliases`: every alias this
 * deployment reads and writes through exists. Each bounded by `ms`, no client retries.
 */
export async function elasticsearchChecks(es: ElasticsearchPing, aliases: string[], ms = 2_000): Promise<{ elasticsearch: boolean; aliases: boolean }> {
  const options = { requestTimeout: ms, maxRetries: 0 };
  const elasticsearch = await within(
    es.cluster.health({ timeout: `${ms}ms` }, options).then((h) => h.status !== 'red'),
    ms + 500,
    false,
  );
  if (!elasticsearch) return { elasticsearch, aliases: false };
  return { elasticsearch, aliases: await within(es.indices.existsAlias({ name: aliases }, options), ms + 500, false) };
}
