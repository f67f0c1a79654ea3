import http from 'node:http';
import type { Logger } from '@ingest/config';
import { renderMetrics } from '@ingest/metrics';
import { readiness, type ReadinessChecks } from './readiness';

export interface HealthServerOptions {
  /** Becomes true when the process starts draining: /readyz then answers 503 so traffic moves away. */
  isStopping?: () => boolean;
}

/**
 * The small HTTP server of a worker process: `/healthz` (the process is up), `/readyz`
 * (200 when every check passes, else 503 naming the failed ones) and `/metrics`
 * (Prometheus text of this process).
 */
export function startHealthServer(port: number, logger: Logger, checks: () => Promise<ReadinessChecks>, opts: HealthServerOptions = {}): http.Server {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    if (path === '/healthz') return void json(200, { status: opts.isStopping?.() ? 'stopping' : 'ok' });
    if (path === '/readyz') return void readiness(checks, opts.isStopping).then(({ ready, body }) => json(ready ? 200 : 503, body));
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
