import type { FastifyInstance } from 'fastify';
import { observeSources, type SourceSample } from '@ingest/metrics';
import type { RedisConnection } from '@ingest/queue';
import { healthOf, RunLedger, SourceStore, total, type RunSettings } from '@ingest/sources';
import { openRoutes } from './admin-auth';
import { noSuchSourceSchema, sourceIdParams } from './source-schemas';
import { runListQuery, runListSchema, runParams, runRecordSchema } from './source-run-schemas';
import type { SchemaTypes } from './validation';

export interface SourceRunRouteDeps {
  connection: RedisConnection;
  prefix: string;
  runs: RunSettings;
}

/**
 * GET /sources/:id/runs and /sources/:id/runs/:runId: a source's kept runs with their
 * counters. Open, like reading sources. Also feeds the per-source gauges of /metrics.
 */
export async function registerSourceRunRoutes(app: FastifyInstance, deps: SourceRunRouteDeps): Promise<void> {
  const store = new SourceStore(deps.connection, deps.prefix);
  const ledger = new RunLedger(deps.connection, deps.prefix, { keep: deps.runs.kept });
  const stopObserving = observeSources(() => sourceSamples(store, ledger, deps.runs));
  app.addHook('onClose', async () => stopObserving());
  await app.register(
    openRoutes(async (open) => {
      const api = open.withTypeProvider<SchemaTypes>();
      api.get(
        '/sources/:id/runs',
        { schema: { tags: ['sources'], summary: 'A source’s kept runs, newest first, with their counts', params: sourceIdParams, querystring: runListQuery, response: { 200: runListSchema, 404: noSuchSourceSchema } } },
        async (req, reply) => {
          if (!(await store.get(req.params.id))) return reply.code(404).send({ error: 'no such source', id: req.params.id });
          return { items: await ledger.list(req.params.id, req.query.limit) };
        },
      );
      api.get(
        '/sources/:id/runs/:runId',
        { schema: { tags: ['sources'], summary: 'One run of a source', params: runParams, response: { 200: runRecordSchema, 404: noSuchSourceSchema } } },
        async (req, reply) => (await ledger.get(req.params.id, req.params.runId)) ?? reply.code(404).send({ error: 'no such run', id: req.params.runId }),
      );
    }),
  );
}

/** Each source's health word and last finished run, for the gauges. */
async function sourceSamples(store: SourceStore, ledger: RunLedger, runs: RunSettings): Promise<SourceSample[]> {
  const sources = await store.list();
  return Promise.all(
    sources.map(async ({ id }) => {
      const kept = await ledger.list(id);
      const last = kept.find((r) => r.status !== 'running');
      const lastRun = last ? { newArticles: last.newArticles, failedPages: total(last.failed), finishedAt: Date.parse(last.finishedAt ?? last.startedAt) } : null;
      return { sourceId: id, health: healthOf(kept, runs).health, lastRun };
    }),
  );
}
