import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';

const PUBLIC = new URL('../public/', import.meta.url);
const FILES: Record<string, { file: string; type: string }> = {
  '/sources.html': { file: 'sources.html', type: 'text/html; charset=utf-8' },
  '/sources.js': { file: 'sources.js', type: 'text/javascript; charset=utf-8' },
  '/sources.css': { file: 'sources.css', type: 'text/css; charset=utf-8' },
};

/**
 * The sources page, beside the search page: plain HTML and a small script calling the
 * /sources routes. The form's input is validated by the API (the one zod schema of
 * @ingest/sources), whose 400 names each bad field; the page shows each message by its field.
 */
export async function registerSourcesPage(app: FastifyInstance): Promise<void> {
  for (const [route, { file, type }] of Object.entries(FILES)) {
    const body = await readFile(new URL(file, PUBLIC), 'utf8');
    app.get(route, { schema: { hide: true } }, async (_req, reply) => reply.type(type).header('cache-control', 'no-cache').send(body));
  }
}
