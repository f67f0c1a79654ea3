import type { FastifyInstance } from 'fastify';
import { observeQueues, renderMetrics, type CountableQueue } from '@ingest/metrics';
import { readiness, runChecks, type Check } from '@ingest/runtime';

export interface OpsDeps {
  /** Every queue of the pipeline: their job counts are read on each scrape of /metrics. */
  queues: readonly CountableQueue[];
  /** What /readyz requires: Redis, Elasticsearch and the index aliases answering. */
  checks: Record<string, Check>;
}

/**
 * Operator routes: `/healthz` (the process is up), `/readyz` (200 when Redis, Elasticsearch
 * and the index aliases answer, else 503 naming the failed checks) and `/metrics`
 * (Prometheus text: this process's metrics plus every queue's depth by state).
 */
export async function registerOpsRoutes(app: FastifyInstance, deps: OpsDeps): Promise<void> {
  const stopObserving = observeQueues(deps.queues);
  app.addHook('onClose', async () => stopObserving());

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const { ready, body } = await readiness(() => runChecks(deps.checks));
    return reply.code(ready ? 200 : 503).send(body);
  });
  app.get('/metrics', async (_req, reply) => {
    const { contentType, body } = await renderMetrics();
    return reply.type(contentType).send(body);
  });
}
