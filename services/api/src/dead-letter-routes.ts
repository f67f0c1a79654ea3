import type { FastifyInstance } from 'fastify';
import { ALL_QUEUES } from '@ingest/contracts';
import { DeadLetters, type QueueSettings } from '@ingest/queue';
import { errorSchema } from './search-schemas';
import type { SchemaTypes } from './validation';

const queueName = { type: 'string', enum: [...ALL_QUEUES] } as const;

const listQuery = {
  type: 'object',
  properties: { queue: queueName, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
} as const;

const jobParams = { type: 'object', required: ['queue', 'id'], properties: { queue: queueName, id: { type: 'string', maxLength: 200 } } } as const;

const str = { type: 'string' } as const;

/** A parked job as an operator sees it (DeadLetter of @ingest/queue). */
const deadLetterSchema = {
  type: 'object',
  properties: {
    queue: str,
    id: str,
    url: str,
    visitId: str,
    reason: str,
    attempts: { type: 'integer' },
    failedAt: { type: ['string', 'null'] },
    attemptErrors: { type: 'array', items: str, description: 'one per failed attempt, newest last' },
    data: { description: 'the job’s payload' },
  },
  required: ['queue', 'id', 'url', 'visitId', 'attempts', 'failedAt', 'attemptErrors'],
} as const;

const notParked = { 404: errorSchema } as const;
const tags = ['dead letters'];

/**
 * Dead letters: jobs that ran out of attempts, listed, shown, replayed and dropped. Under
 * /admin, so the admin token guards all of it.
 */
export async function registerDeadLetterRoutes(app: FastifyInstance, deps: { settings: QueueSettings }): Promise<void> {
  const deadLetters = new DeadLetters(deps.settings);
  app.addHook('onClose', async () => deadLetters.close());
  const api = app.withTypeProvider<SchemaTypes>();

  api.get(
    '/admin/failed',
    { schema: { tags, summary: 'Parked jobs of every stage (or one), newest first', querystring: listQuery, response: { 200: { type: 'object', properties: { items: { type: 'array', items: deadLetterSchema } }, required: ['items'] } } } },
    async (req) => ({ items: await deadLetters.list(req.query) }),
  );
  api.get('/admin/failed/:queue/:id', { schema: { tags, summary: 'One parked job', params: jobParams, response: { 200: deadLetterSchema, ...notParked } } }, async (req, reply) => {
    return (await deadLetters.show(req.params.queue, req.params.id)) ?? reply.code(404).send({ error: 'no such parked job' });
  });
  api.post(
    '/admin/failed/:queue/:id/retry',
    { schema: { tags, summary: 'Put a parked job back in its queue with fresh attempts', params: jobParams, response: { 200: { type: 'object', properties: { retried: { type: 'boolean' } } }, ...notParked } } },
    async (req, reply) => ((await deadLetters.retry(req.params.queue, req.params.id)) ? { retried: true } : reply.code(404).send({ error: 'no such parked job' })),
  );
  api.delete(
    '/admin/failed/:queue/:id',
    { schema: { tags, summary: 'Drop a parked job', params: jobParams, response: { 200: { type: 'object', properties: { dropped: { type: 'boolean' } } }, ...notParked } } },
    async (req, reply) => ((await deadLetters.drop(req.params.queue, req.params.id)) ? { dropped: true } : reply.code(404).send({ error: 'no such parked job' })),
  );
}
