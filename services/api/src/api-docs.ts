import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { openRoutes } from './admin-auth';

/**
 * The OpenAPI document of every route, built from the routes' own JSON schemas, at
 * /docs/json; Swagger UI at /docs. Register before any route so all of them are seen.
 * The queue dashboard's internal routes are left out. The document and its UI are open.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'news-ingest API', version: '0.1.0', description: 'Search news articles and the numbered tasks they enumerate; request crawls; operate the pipeline.' },
    },
    transform: ({ schema, url }) => ({ schema: url.startsWith('/admin/queues') || url.startsWith('/docs') ? { ...schema, hide: true } : schema, url }),
  });
  await app.register(
    openRoutes(async (open) => {
      await open.register(swaggerUi, { routePrefix: '/docs' });
    }),
  );
}
