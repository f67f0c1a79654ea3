import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';

const PUBLIC = new URL('../public/', import.meta.url);
const FILES: Record<string, string> = {
  '/': 'index.html',
  '/search.js': 'search.js',
  '/search.css': 'search.css',
};
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/** The search page: plain HTML, CSS and a small script calling /search and /articles/:id. No build step. */
export async function registerSearchPage(app: FastifyInstance): Promise<void> {
  for (const [route, file] of Object.entries(FILES)) {
    const body = await readFile(new URL(file, PUBLIC), 'utf8');
    const type = TYPES[file.split('.').pop()!]!;
    app.get(route, { schema: { hide: true } }, async (_req, reply) => reply.type(type).header('cache-control', 'no-cache').send(body));
  }
}
