import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Config, Logger } from '@ingest/config';
import { ALL_QUEUES } from '@ingest/contracts';
import { createRedisConnection, DeadLetters, openQueue } from '@ingest/queue';
import { registerSourceRoutes } from './source-routes';
import { registerOpsRoutes } from './ops-routes';
import { createSearchClient, ensureIndices, indexNames } from '@ingest/search';
import { registerApiDocs } from './api-docs';
import { registerSearchRoutes } from './search-routes';
import { registerSearchPage } from './search-page';

/**
 * The HTTP face of the service: search, articles, crawl requests, health, and the queue
 * dashboard. Built as a function so tests run the real app on an ephemeral port.
 */
export async function buildApi(config: Config, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
  await registerApiDocs(app);
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const queues = ALL_QUEUES.map((name) => openQueue(name, settings));
  const es = createSearchClient(config.elasticsearchUrl);
  const names = indexNames(config.indexPrefix);
  // Searching before the first article is indexed must return zero hits, not a 500.
  await ensureIndices(es, config.indexPrefix).catch((err) => logger.warn({ err }, 'could not ensure indices yet; will answer 503 until Elasticsearch is reachable'));

  guardAdmin(app, config.adminToken, logger);
  const board = new FastifyAdapter();
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });
  board.setBasePath('/admin/queues');
  await app.register(board.registerPlugin(), { prefix: '/admin/queues' });

  await registerOpsRoutes(app, { queues, redis: connection, es, aliases: [names.articles, names.tasks] });

  await registerSearchRoutes(app, { es, names });
  await registerSearchPage(app);
  await registerSourceRoutes(app, { connection, settings });

  // Dead letters: under /admin, so the admin token guards replaying and dropping them.
  const deadLetters = new DeadLetters(settings);
  const jobParams = { type: 'object', required: ['queue', 'id'], properties: { queue: { type: 'string', enum: [...ALL_QUEUES] }, id: { type: 'string', maxLength: 200 } } } as const;
  app.get<{ Querystring: { queue?: string; limit?: number } }>(
    '/admin/failed',
    { schema: { querystring: { type: 'object', properties: { queue: { type: 'string', enum: [...ALL_QUEUES] }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } } } } },
    async (req) => ({ items: await deadLetters.list(req.query) }),
  );
  app.get<{ Params: { queue: string; id: string } }>('/admin/failed/:queue/:id', { schema: { params: jobParams } }, async (req, reply) => {
    return (await deadLetters.show(req.params.queue, req.params.id)) ?? reply.code(404).send({ error: 'no such parked job' });
  });
  app.post<{ Params: { queue: string; id: string } }>('/admin/failed/:queue/:id/retry', { schema: { params: jobParams } }, async (req, reply) => {
    return (await deadLetters.retry(req.params.queue, req.params.id)) ? { retried: true } : reply.code(404).send({ error: 'no such parked job' });
  });
  app.delete<{ Params: { queue: string; id: string } }>('/admin/failed/:queue/:id', { schema: { params: jobParams } }, async (req, reply) => {
    return (await deadLetters.drop(req.params.queue, req.params.id)) ? { dropped: true } : reply.code(404).send({ error: 'no such parked job' });
  });

  // Elasticsearch or Redis down is the operator's problem, not a bug: say so with a 503.
  app.setErrorHandler((err: Error, req, reply) => {
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return reply.code(status).send({ error: err.message });
    const name = (err as Error).name;
    if (name === 'ConnectionError' || name === 'TimeoutError' || name === 'NoLivingConnectionsError') {
      req.log.warn({ err }, 'backend unavailable');
      return reply.code(503).send({ error: 'search backend unavailable, try again shortly' });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal error' });
  });

  app.addHook('onClose', async () => {
    await Promise.all(queues.map((q) => q.close()));
    await deadLetters.close();
    await es.close();
    connection.disconnect();
  });
  return app;
}

/**
 * What changes the service's state needs the admin token when one is configured:
 * everything under /admin (the dashboard can retry, clean and delete jobs), and every
 * non-GET request to /sources and /crawls (they decide what the crawler fetches).
 * `Authorization: Bearer <token>` or basic auth with the token as password. Reading
 * (search, articles, sources list, metrics) stays open. Without a token all of it is open
 * for local use, and start-up says so loudly.
 */
function needsAdmin(method: string, url: string): boolean {
  if (url.startsWith('/admin')) return true;
  const mutating = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
  return mutating && /^\/(?:sources|crawls)(?:[/?]|$)/.test(url);
}

function guardAdmin(app: FastifyInstance, token: string | undefined, logger: Logger): void {
  if (!token) {
    logger.warn('ADMIN_TOKEN is not set: the queue dashboard at /admin/queues, and changing sources or requesting crawls, are open to anyone who can reach this port');
    return;
  }
  const expected = Buffer.from(token);
  const matches = (given: string) => {
    const b = Buffer.from(given);
    return b.length === expected.length && timingSafeEqual(b, expected);
  };
  app.addHook('onRequest', async (req, reply) => {
    if (!needsAdmin(req.method, req.url)) return;
    const header = req.headers.authorization ?? '';
    const [scheme, value = ''] = header.split(' ', 2);
    let given = '';
    if (scheme?.toLowerCase() === 'bearer') given = value;
    else if (scheme?.toLowerCase() === 'basic') given = Buffer.from(value, 'base64').toString('utf8').split(':').slice(1).join(':');
    if (!matches(given)) {
      return reply.code(401).header('www-authenticate', 'Basic realm="news-ingest admin"').send({ error: 'authentication required' });
    }
  });
}
