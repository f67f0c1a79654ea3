import type { FastifyInstance } from 'fastify';
import { getArticle, searchArticles, searchTasks, type Client, type IndexNames } from '@ingest/search';
import { articlePageSchema, articleSchema, articleSearchQuerySchema, errorSchema, taskPageSchema, taskSearchQuerySchema, type CommonQuery } from './search-schemas';
import type { SchemaTypes } from './validation';

export interface SearchRouteDeps {
  es: Client;
  names: IndexNames;
}

const errors = { 400: errorSchema, 503: errorSchema };

/** GET /search, GET /tasks/search, GET /articles/:id. */
export async function registerSearchRoutes(app: FastifyInstance, { es, names }: SearchRouteDeps): Promise<void> {
  const api = app.withTypeProvider<SchemaTypes>();
  api.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Full-text search over articles, with filters, facets, highlights and cursor paging',
        querystring: articleSearchQuerySchema,
        response: { 200: articlePageSchema, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const story = q.story ? { story: q.story } : {};
      return searchArticles(es, names, { ...common(q), ...(q.hasTasks !== undefined ? { hasTasks: q.hasTasks } : {}), ...story, facets: q.facets, interval: q.interval, duplicates: q.duplicates });
    },
  );

  api.get(
    '/tasks/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Full-text search over numbered tasks, each with its article’s title, url, source and date',
        querystring: taskSearchQuerySchema,
        response: { 200: taskPageSchema, ...errors },
      },
    },
    async (req) => searchTasks(es, names, common(req.query)),
  );

  api.get(
    '/articles/:id',
    {
      schema: {
        tags: ['search'],
        summary: 'One article with its body and numbered tasks',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 200 } } },
        response: { 200: articleSchema, 404: { type: 'object', properties: { error: { type: 'string' }, id: { type: 'string' } } }, 503: errorSchema },
      },
    },
    async (req, reply) => {
      const doc = await getArticle(es, names, req.params.id);
      return doc ?? reply.code(404).send({ error: 'not found', id: req.params.id });
    },
  );
}

function common(q: CommonQuery) {
  return {
    q: q.q,
    size: q.size,
    from: q.from,
    sort: q.sort,
    ...(q.after ? { after: q.after } : {}),
    ...(q.source !== undefined ? { source: list(q.source) } : {}),
    ...(q.language !== undefined ? { language: list(q.language) } : {}),
    ...(q.author ? { author: q.author } : {}),
    ...(q.since ? { since: q.since } : {}),
    ...(q.until ? { until: q.until } : {}),
  };
}

/** `source=a&source=b` and `source=a,b` mean the same. */
function list(v: string | string[]): string[] {
  return (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean).slice(0, 50);
}
