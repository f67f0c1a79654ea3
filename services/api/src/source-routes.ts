import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { QueueName } from '@ingest/contracts';
import { openQueue, type createRedisConnection, type QueueSettings } from '@ingest/queue';
import { InvalidSourceError, SourceRegistry } from '@ingest/sources';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

/**
 * /sources (definitions and their schedules) and /crawls (one page, or one run of a
 * source, now). Bodies of /sources are validated by the one zod schema in @ingest/sources,
 * so the API, the CLI and SOURCES_FILE accept exactly the same definitions.
 */
export async function registerSourceRoutes(app: FastifyInstance, deps: { connection: ReturnType<typeof createRedisConnection>; settings: QueueSettings }): Promise<void> {
  const registry = new SourceRegistry(deps.connection, deps.settings);
  const fetchQueue = openQueue(QueueName.fetch, deps.settings);
  app.addHook('onClose', async () => {
    await registry.close();
    await fetchQueue.close();
  });

  /** Creates or replaces a source: 201 when new, 200 when replaced, 400 naming what is invalid. */
  const save = async (definition: unknown, reply: FastifyReply) => {
    try {
      const { source, created } = await registry.save(definition);
      return reply.code(created ? 201 : 200).send(source);
    } catch (err) {
      if (err instanceof InvalidSourceError) return reply.code(400).send({ error: err.message, issues: err.issues });
      throw err;
    }
  };

  app.get('/sources', async () => ({ items: await registry.list() }));
  app.get<{ Params: { id: string } }>('/sources/:id', { schema: { params: idParams } }, async (req, reply) => {
    return (await registry.get(req.params.id)) ?? reply.code(404).send({ error: 'no such source', id: req.params.id });
  });
  // POST creates or replaces by the body's id; PUT /sources/:id does the same with the id in the path.
  app.post('/sources', async (req, reply) => save(req.body, reply));
  app.put<{ Params: { id: string } }>('/sources/:id', { schema: { params: idParams } }, async (req, reply) => {
    const body = req.body as Record<string, unknown> | null;
    if (!body || typeof body !== 'object') return reply.code(400).send({ error: 'a JSON source definition is required' });
    if (body.id !== undefined && body.id !== req.params.id) return reply.code(400).send({ error: `id in body (${String(body.id)}) differs from path (${req.params.id})` });
    return save({ ...body, id: req.params.id }, reply);
  });
  app.delete<{ Params: { id: string } }>('/sources/:id', { schema: { params: idParams } }, async (req, reply) => {
    return (await registry.remove(req.params.id)) ? { removed: true } : reply.code(404).send({ error: 'no such source', id: req.params.id });
  });
  for (const action of ['pause', 'resume'] as const) {
    app.post<{ Params: { id: string } }>(`/sources/:id/${action}`, { schema: { params: idParams } }, async (req, reply) => {
      return (await registry.setPaused(req.params.id, action === 'pause')) ?? reply.code(404).send({ error: 'no such source', id: req.params.id });
    });
  }

  app.post<{ Body: { url?: string; sourceId?: string } }>(
    '/crawls',
    {
      schema: {
        body: {
          type: 'object',
          properties: { url: { type: 'string', format: 'uri', maxLength: 4096 }, sourceId: { type: 'string', maxLength: 200 } },
          anyOf: [{ required: ['url'] }, { required: ['sourceId'] }],
          additionalProperties: false,
        },
      },
    },
    async (req, reply) => {
      const { url, sourceId } = req.body;
      if (!url) {
        // A run of the whole source: its feeds, sitemaps and seeds are read now.
        const visitId = await registry.runNow(sourceId!);
        if (!visitId) return reply.code(404).send({ error: 'no such source', sourceId });
        return reply.code(202).send({ visitId, sourceId, queue: QueueName.discover });
      }
      const visitId = randomUUID();
      await fetchQueue.add('fetch', { url, visitId, requestedAt: Date.now(), ...(sourceId ? { sourceId } : {}) }, { jobId: visitId });
      return reply.code(202).send({ visitId, url });
    },
  );
}
