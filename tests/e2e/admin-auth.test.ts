import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApi, openRoutes } from '@ingest/api';
import { knownRoutes } from '../support/routes';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';

describe('queue dashboard behind the admin token (real HTTP, real Redis)', () => {
  const token = 'test-admin-token-0123456789';
  const config = isolatedConfig({ ADMIN_TOKEN: token });
  let api: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    api = await buildApi(config, testLogger(config, 'api'));
    base = await api.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await api?.close();
    await cleanup(config);
  });

  it('refuses anonymous and wrong-token requests with 401', async () => {
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: 'Bearer wrong-token-000000000' } })).status).toBe(401);
    expect((await fetch(`${base}/admin/queues/api/queues`)).status).toBe(401);
  });

  it('lets the token in, as a bearer token or as the basic-auth password', async () => {
    const bearer = await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(200);
    const basic = await fetch(`${base}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` } });
    expect(basic.status).toBe(200);
  });

  it('refuses tokens that differ only in length, case or a suffix (digests are compared, not the tokens)', async () => {
    for (const wrong of [token.slice(0, -1), `${token}0`, token.toUpperCase(), `${token}${token}`, '', ' ']) {
      expect((await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${wrong}` } })).status, JSON.stringify(wrong)).toBe(401);
      const basic = `Basic ${Buffer.from(`admin:${wrong}`).toString('base64')}`;
      expect((await fetch(`${base}/admin/queues`, { headers: { authorization: basic } })).status, JSON.stringify(wrong)).toBe(401);
    }
  });

  it('leaves search and reading sources open', async () => {
    expect((await fetch(`${base}/search?q=x`)).status).toBe(200);
    expect((await fetch(`${base}/sources`)).status).toBe(200);
  });

  it('guards changing sources and requesting crawls', async () => {
    const json = { 'content-type': 'application/json' };
    const source = JSON.stringify({ id: 'guarded', name: 'Guarded', seeds: ['http://127.0.0.1:9/'] });
    expect((await fetch(`${base}/sources/guarded`, { method: 'PUT', headers: json, body: source })).status).toBe(401);
    expect((await fetch(`${base}/sources/guarded`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${base}/crawls`, { method: 'POST', headers: json, body: JSON.stringify({ url: 'http://127.0.0.1:9/a' }) })).status).toBe(401);
    const crawl = await fetch(`${base}/crawls`, { method: 'POST', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ url: 'http://127.0.0.1:9/a' }) });
    expect(crawl.status).toBe(202);
  });
});

/** What anyone may read without the token: the search and sources pages, search, articles, sources and their runs, probes, the API docs. */
const OPEN_PATHS = ['/', '/search.js', '/search.css', '/sources.html', '/sources.js', '/sources.css', '/search', '/tasks/search', '/articles/:id', '/sources', '/sources/:id', '/sources/:id/runs', '/sources/:id/runs/:runId', '/healthz', '/readyz', '/metrics'];
const isOpen = (method: string, path: string) => (method === 'GET' || method === 'HEAD') && (OPEN_PATHS.includes(path) || path === '/docs' || path.startsWith('/docs/'));

describe('admin guard by default (real HTTP, real Redis)', () => {
  const token = 'test-admin-token-9876543210';
  const config = isolatedConfig({ ADMIN_TOKEN: token });
  let api: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    api = await buildApi(config, testLogger(config, 'api'));
    // Routes added the way anyone would add a new one, with no marking at all.
    api.post('/probe/unmarked', async () => ({ ok: true }));
    api.get('/probe/unmarked', async () => ({ ok: true }));
    await api.register(async (plugin) => {
      plugin.delete('/probe/in-a-plugin', async () => ({ ok: true }));
    });
    await api.register(
      openRoutes(async (open) => {
        open.get('/probe/opened', async () => ({ ok: true }));
      }),
    );
    base = await api.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await api?.close();
    await cleanup(config);
  });

  it('asks for the token on every route but the reading ones, whoever registered it', async () => {
    const routes = knownRoutes(api);
    expect(routes.length).toBeGreaterThan(50);
    expect(routes).toContainEqual({ method: 'PUT', path: '/admin/queues/api/queues/:queueName/:jobId/retry' });
    const wrong: string[] = [];
    for (const { method, path } of routes) {
      const url = base + path.replace(/:\w+/g, 'probe').replace(/\*$/, 'probe');
      const res = await fetch(url, { method, redirect: 'manual' });
      await res.arrayBuffer();
      const open = isOpen(method, path) || path === '/probe/opened';
      if (open ? res.status === 401 : res.status !== 401) wrong.push(`${method} ${path}: ${res.status}`);
      if (!open) expect(res.headers.get('www-authenticate'), `${method} ${path}`).toBe('Basic realm="news-ingest admin"');
    }
    expect(wrong).toEqual([]);
    // A few of them with the token, to see that the probes themselves answer.
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${base}/probe/unmarked`, { method: 'POST', headers: auth })).status).toBe(200);
    expect((await fetch(`${base}/probe/in-a-plugin`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect((await fetch(`${base}/probe/opened`)).status).toBe(200);
    // A client that sent a bearer token is challenged with Bearer: no browser password dialog over a page's fetch.
    const wrongBearer = await fetch(`${base}/probe/unmarked`, { method: 'POST', headers: { authorization: 'Bearer wrong-token-000000000' } });
    expect(wrongBearer.status).toBe(401);
    expect(wrongBearer.headers.get('www-authenticate')).toBe('Bearer realm="news-ingest admin"');
  });

  it('says 401, not 404, to changes and /admin paths that match no route', async () => {
    const res = await fetch(`${base}/no-such-thing`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'authentication required' });
    expect((await fetch(`${base}/admin/no-such-thing`)).status).toBe(401);
    expect((await fetch(`${base}/no-such-thing`)).status).toBe(404);
  });
});

describe('openRoutes', () => {
  it('refuses, at start-up, to open a route that changes state or lies under /admin', async () => {
    for (const register of [(s: FastifyInstance) => s.post('/x', async () => 1), (s: FastifyInstance) => s.get('/admin/x', async () => 1)]) {
      const app = Fastify();
      app.register(openRoutes(async (s) => void register(s)));
      await expect(app.ready()).rejects.toThrow(/cannot be an open route/);
      await app.close();
    }
  });
});
