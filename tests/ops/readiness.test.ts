import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '@ingest/api';
import { startIndexer } from '@ingest/indexer';
import { startHealthServer } from '@ingest/runtime';
import { createSearchClient, deleteIndices, ensureIndices } from '@ingest/search';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { TcpProxy } from './support/tcp-proxy';

interface Readiness {
  ready: boolean;
  checks: Record<string, boolean>;
  failed: string[];
}

/**
 * Readiness follows Elasticsearch going away and coming back. The shared Elasticsearch is
 * never stopped: the services under test reach it through a TCP proxy this test closes
 * and reopens.
 */
describe('readiness while Elasticsearch is down and after it is back (real Redis, real Elasticsearch behind a proxy)', () => {
  const es = new URL(inject('elasticsearchUrl'));
  const proxy = new TcpProxy(es.hostname, Number(es.port || 9200));
  let config: ReturnType<typeof isolatedConfig>;
  let api: FastifyInstance;
  let apiUrl = '';
  let indexer: ReturnType<typeof startIndexer>;
  let health: http.Server;
  let healthUrl = '';

  const ready = async (base: string): Promise<{ status: number; body: Readiness }> => {
    const res = await fetch(`${base}/readyz`);
    return { status: res.status, body: (await res.json()) as Readiness };
  };

  beforeAll(async () => {
    await proxy.open();
    config = isolatedConfig({ ELASTICSEARCH_URL: proxy.url });
    const logger = testLogger(config, 'ops-readiness');
    api = await buildApi(config, logger);
    apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
    indexer = startIndexer(config, logger);
    health = startHealthServer(0, logger, () => indexer.ready());
    await new Promise((r) => health.once('listening', r));
    healthUrl = `http://127.0.0.1:${(health.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await proxy.open().catch(() => {});
    await api?.close();
    await indexer?.close();
    health?.closeAllConnections();
    await new Promise((r) => health?.close(r));
    await proxy.close();
    await cleanup({ ...config, elasticsearchUrl: inject('elasticsearchUrl') });
  });

  it('is ready when Redis, Elasticsearch and the aliases answer', async () => {
    for (const base of [apiUrl, healthUrl]) {
      expect(await ready(base)).toEqual({ status: 200, body: { ready: true, checks: { redis: true, elasticsearch: true, aliases: true }, failed: [] } });
    }
    expect((await fetch(`${apiUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${healthUrl}/healthz`)).status).toBe(200);
  });

  it('answers 503 naming Elasticsearch while it is unreachable, and 200 again once it is back', async () => {
    await proxy.close();
    for (const base of [apiUrl, healthUrl]) {
      const down = await ready(base);
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ ready: false, checks: { redis: true, elasticsearch: false }, failed: ['elasticsearch', 'aliases'] });
      // The process itself is still up.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    }
    await proxy.open();
    for (const base of [apiUrl, healthUrl]) {
      await expect.poll(async () => (await ready(base)).status, { timeout: 30_000, interval: 250 }).toBe(200);
    }
  });

  it('answers 503 naming the aliases when the indices are gone, and 200 once they are created', async () => {
    const direct = createSearchClient(inject('elasticsearchUrl'));
    try {
      await deleteIndices(direct, config.indexPrefix);
      const missing = await ready(apiUrl);
      expect(missing).toMatchObject({ status: 503, body: { checks: { redis: true, elasticsearch: true, aliases: false }, failed: ['aliases'] } });
      await ensureIndices(direct, config.indexPrefix);
      expect((await ready(apiUrl)).status).toBe(200);
    } finally {
      await direct.close();
    }
  });
});
