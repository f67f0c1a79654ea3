import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Config, Logger } from '@ingest/config';
import { ALL_QUEUES } from '@ingest/contracts';
import { createRedisConnection, openQueue, redisAnswers, type QueueSettings } from '@ingest/queue';
import { createSearchClient, elasticsearchChecks, ensureIndices, indexNames, type Client, type IndexNames } from '@ingest/search';
import { adminAuth, openRoutes } from './admin-auth';
import { registerApiDocs } from './api-docs';
import { registerDeadLetterRoutes } from './dead-letter-routes';
import { registerOpsRoutes } from './ops-routes';
import { registerSearchPage } from './search-page';
import { registerSearchRoutes } from './search-routes';
import { registerSourceRoutes } from './source-routes';
import { registerSourceRunRoutes } from './source-run-routes';
import { registerSourcesPage } from './sources-page';
import { buildValidator } from './validation';

export { openRoutes } from './admin-auth';

/**
 * The HTTP face of the service: search, articles, crawl requests, health, and the queue
 * dashboard. Built as a function so tests run the real app on an ephemeral port.
 */
export async function buildApi(config: Config, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    schemaController: { compilersFactory: { buildValidator } },
    // Node would answer a missing Host with an empty 400 of its own; the hook below says why, in JSON.
    http: { requireHostHeader: false },
  });
  // Set first: a route takes the error handler in force when its plugin has loaded.
  app.setErrorHandler(answerError);
  app.addHook('onRequest', requireHost);
  // Before any plugin, so that its hook reaches every route: each needs the token unless opened.
  await app.register(adminAuth, { token: config.adminToken, logger });
  await registerApiDocs(app);
  const backends = await openBackends(config, logger);
  await registerRoutes(app, backends, config);
  app.addHook('onClose', backends.close);
  return app;
}

interface Backends {
  connection: ReturnType<typeof createRedisConnection>;
  settings: QueueSettings;
  queues: ReturnType<typeof openQueue>[];
  es: Client;
  names: IndexNames;
  close(): Promise<void>;
}

async function openBackends(config: Config, logger: Logger): Promise<Backends> {
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const queues = ALL_QUEUES.map((name) => openQueue(name, settings));
  const es = createSearchClient(config.elasticsearchUrl);
  // Searching before the first article is indexed must return zero hits, not a 500.
  await ensureIndices(es, config.indexPrefix).catch((err) => logger.warn({ err }, 'could not ensure indices yet; will answer 503 until Elasticsearch is reachable'));
  const close = async () => {
    await Promise.all(queues.map((q) => q.close()));
    await es.close();
    connection.disconnect();
  };
  return { connection, settings, queues, es, names: indexNames(config.indexPrefix), close };
}

/** Reading routes are registered through `openRoutes`; every other one needs the admin token. */
async function registerRoutes(app: FastifyInstance, { connection, settings, queues, es, names }: Backends, config: Config): Promise<void> {
  // The dashboard can retry, clean and delete jobs: under /admin, so it is guarded.
  const board = new FastifyAdapter();
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });
  board.setBasePath('/admin/queues');
  await app.register(board.registerPlugin(), { prefix: '/admin/queues' });

  await app.register(
    openRoutes(async (open) => {
      await registerOpsRoutes(open, { queues, checks: { redis: redisAnswers(connection), ...elasticsearchChecks(es, [names.articles, names.tasks]) } });
      await registerSearchRoutes(open, { es, names });
      await registerSearchPage(open);
    }),
  );
  await registerSourceRoutes(app, { connection, settings, fetch: config.fetch, runs: config.sourceRuns });
  await registerSourceRunRoutes(app, { connection, prefix: config.queuePrefix, runs: config.sourceRuns });
  await app.register(openRoutes(registerSourcesPage));
  await registerDeadLetterRoutes(app, { settings });
}

/** HTTP/1.1 requires a Host header (RFC 9112 §3.2); HTTP/1.0 may leave it out. */
async function requireHost(req: FastifyRequest, reply: FastifyReply) {
  const { httpVersionMajor: major, httpVersionMinor: minor } = req.raw;
  if (req.headers.host === undefined && (major > 1 || (major === 1 && minor >= 1))) return reply.code(400).send({ error: 'a Host header is required' });
}

/** Elasticsearch or Redis down is the operator's problem, not a bug: say so with a 503. */
function answerError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const status = err.statusCode;
  if (status && status >= 400 && status < 500) return reply.code(status).send({ error: err.message });
  const name = err.name;
  if (name === 'ConnectionError' || name === 'TimeoutError' || name === 'NoLivingConnectionsError') {
    req.log.warn({ err }, 'backend unavailable');
    return reply.code(503).send({ error: 'search backend unavailable, try again shortly' });
  }
  req.log.error({ err }, 'request failed');
  return reply.code(500).send({ error: 'internal error' });
}
