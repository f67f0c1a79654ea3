import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '@ingest/api';
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
