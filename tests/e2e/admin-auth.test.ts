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

  it('leaves search open', async () => {
    expect((await fetch(`${base}/search?q=x`)).status).toBe(200);
  });
});
