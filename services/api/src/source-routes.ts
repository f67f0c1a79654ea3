import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '@ingest/config';
import { QueueName } from '@ingest/contracts';
import { FetchError, guardFor, type SsrfGuard } from '@ingest/crawl';
import { enqueueVisit, openQueue, type createRedisConnection, type QueueSettings, type TypedQueue } from '@ingest/queue';
import { InvalidSourceError, SourceRegistry, type RunSettings } from '@ingest/sources';
import { openRoutes } from './admin-auth';
import {
  crawlAcceptedSchema,
  crawlBody,
  errorSchema,
  invalidSourceSchema,
  noSuchSourceSchema,
  removedSchema,
  sourceBody,
  sourceBodyWithoutId,
  sourceIdParams,
  sourceListSchema,
  sourceViewSchema,
} from './source-schemas';
import type { SchemaTypes } from './validation';

export interface SourceRouteDeps {
  connection: ReturnType<typeof createRedisConnection>;
  settings: QueueSettings;
  /** The fetcher's SSRF policy (FETCH_ALLOW_HOSTS, FETCH_ALLOW_PRIVATE_NETWORKS): POST /crawls refuses what it would refuse. */
  fetch: Pick<Config['fetch'], 'allowHosts' | 'allowPrivateNetworks'>;
  /** Runs kept per source and the health thresholds (config.sourceRuns). */
  runs: RunSettings;
}

/**
 * /sources (definitions and their schedules) and /crawls (one page, or one run of a
 * source, now). Reading sources is open; changing them and requesting crawls need the admin
 * token. Bodies of /sources are validated by the one zod schema in @ingest/sources, so the
 * API, the CLI and SOURCES_FILE accept exactly the same definitions.
 */
export async function registerSourceRoutes(app: FastifyInstance, deps: SourceRouteDeps): Promise<void> {
  const registry = new SourceRegistry(deps.connection, deps.settings, deps.runs);
  const fetchQueue = openQueue(QueueName.fetch, deps.settings);
  app.addHook('onClose', async () => {
    await registry.close();
    await fetchQueue.close();
  });
  await app.register(openRoutes(async (open) => registerSourceReads(open, registry)));
  registerSourceWrites(app, registry);
  registerCrawls(app, registry, fetchQueue, guardFor(deps.fetch));
}

const noSuchSource = (reply: FastifyReply, id: string) => reply.code(404).send({ error: 'no such source', id });

function registerSourceReads(app: FastifyInstance, registry: SourceRegistry): void {
  const api = app.withTypeProvider<SchemaTypes>();
  api.get('/sources', { schema: { tags: ['sources'], summary: 'Every source with its next scheduled run', response: { 200: sourceListSchema } } }, async () => ({
    items: await registry.list(),
  }));
  api.get(
    '/sources/:id',
    { schema: { tags: ['sources'], summary: 'One source', params: sourceIdParams, response: { 200: sourceViewSchema, 404: noSuchSourceSchema } } },
    async (req, reply) => (await registry.get(req.params.id)) ?? noSuchSource(reply, req.params.id),
  );
}

function registerSourceWrites(app: FastifyInstance, registry: SourceRegistry): void {
  const api = app.withTypeProvider<SchemaTypes>();
  const saved = { 200: sourceViewSchema, 201: sourceViewSchema, 400: invalidSourceSchema };
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

  // POST creates or replaces by the body's id; PUT /sources/:id does the same with the id in the path.
  api.post('/sources', { schema: { tags: ['sources'], summary: 'Create or replace a source', body: sourceBody, response: saved } }, async (req, reply) => save(req.body, reply));
  api.put(
    '/sources/:id',
    { schema: { tags: ['sources'], summary: 'Create or replace the source of this id', params: sourceIdParams, body: sourceBodyWithoutId, response: saved } },
    async (req, reply) => {
      const { body } = req; // unknown: a documented schema, validated by zod in save
      if (!isObject(body)) return reply.code(400).send({ error: 'a JSON source definition is required' });
      if (body.id !== undefined && body.id !== req.params.id) return reply.code(400).send({ error: `id in body (${String(body.id)}) differs from path (${req.params.id})` });
      return save({ ...body, id: req.params.id }, reply);
    },
  );
  api.delete(
    '/sources/:id',
    { schema: { tags: ['sources'], summary: 'Remove a source, its schedule and its seen-URL memory', params: sourceIdParams, response: { 200: removedSchema, 404: noSuchSourceSchema } } },
    async (req, reply) => ((await registry.remove(req.params.id)) ? { removed: true } : noSuchSource(reply, req.params.id)),
  );
  for (const action of ['pause', 'resume'] as const) {
    api.post(
      `/sources/:id/${action}`,
      { schema: { tags: ['sources'], summary: `${action === 'pause' ? 'Pause' : 'Resume'} a source’s schedule`, params: sourceIdParams, response: { 200: sourceViewSchema, 404: noSuchSourceSchema } } },
      async (req, reply) => (await registry.setPaused(req.params.id, action === 'pause')) ?? noSuchSource(reply, req.params.id),
    );
  }
}

/** POST /crawls: one page now (`url`), or one run of a source now (`sourceId`). */
function registerCrawls(app: FastifyInstance, registry: SourceRegistry, fetchQueue: TypedQueue<'fetch'>, guard: SsrfGuard): void {
  const api = app.withTypeProvider<SchemaTypes>();
  api.post(
    '/crawls',
    { schema: { tags: ['sources'], summary: 'Fetch one page, or run one source, now', body: crawlBody, response: { 202: crawlAcceptedSchema, 400: errorSchema, 404: noSuchSourceSchema } } },
    async (req, reply) => {
      const { url, sourceId } = req.body;
      if (!url) {
        // A run of the whole source: its feeds, sitemaps and seeds are read now.
        const visitId = await registry.runNow(sourceId!);
        if (!visitId) return reply.code(404).send({ error: 'no such source', sourceId });
        return reply.code(202).send({ visitId, sourceId, queue: QueueName.discover });
      }
      const refused = await crawlRefusal(guard, url);
      if (refused) return reply.code(400).send({ error: refused });
      const visitId = await enqueueVisit(fetchQueue, { url, ...(sourceId ? { sourceId } : {}) });
      return reply.code(202).send({ visitId, url });
    },
  );
}

/** Longest wait for the name of a requested URL to resolve before it is queued unchecked. */
const RESOLVE_WAIT_MS = 2_000;

/**
 * Why the fetcher would refuse this URL, or null when it may be queued: not http(s), no
 * host, or a host the SSRF guard refuses (a private, loopback, link-local … address, or a
 * name resolving to one; FETCH_ALLOW_HOSTS and FETCH_ALLOW_PRIVATE_NETWORKS apply as in the
 * fetcher). The guard only resolves the name, it never connects. A name that does not
 * resolve (now, or within RESOLVE_WAIT_MS) is queued all the same: DNS failures may pass,
 * and the fetcher checks again before it connects, retries and parks the page with its
 * reason, so this early answer is a courtesy, not the boundary.
 */
async function crawlRefusal(guard: SsrfGuard, raw: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `not a URL: ${raw.slice(0, 200)}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http and https URLs can be crawled, not ${url.protocol.slice(0, 40)}`;
  if (!url.hostname) return 'the URL has no host';
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), RESOLVE_WAIT_MS)));
  try {
    await Promise.race([guard.check(url), gaveUp]);
    return null;
  } catch (err) {
    if (err instanceof FetchError && err.reason === 'ssrf-blocked') return `the fetcher's SSRF guard refuses this URL: ${err.message.replace(/^ssrf-blocked: /, '')}`;
    return null;
  } finally {
    clearTimeout(timer);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
