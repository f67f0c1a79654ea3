import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '@ingest/api';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, followVisit, openQueue } from '@ingest/queue';
import { startFetcher } from '@ingest/fetcher';
import { startParser } from '@ingest/parser';
import { startIndexer } from '@ingest/indexer';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';

/** A page refused for good is parked with its payload and reason, and indexes on replay. */
describe('dead letters: parked, listed, replayed (real Redis, real Elasticsearch)', () => {
  const token = 'dead-letter-admin-token';
  const config = isolatedConfig({ ADMIN_TOKEN: token });
  const logger = testLogger(config, 'dead-letters');
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const fetchQueue = openQueue(QueueName.fetch, settings);
  const workers: { close(): Promise<unknown> }[] = [];
  const auth = { authorization: `Bearer ${token}` };
  let api: FastifyInstance;
  let apiUrl = '';
  let server: http.Server;
  let base = '';
  let pageIsUp = false;

  beforeAll(async () => {
    // 404 until the "editor publishes" the page: a refusal no retry would fix on its own.
    server = http.createServer((_req, res) => {
      if (!pageIsUp) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        '<html lang="en"><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1><p>The old harbour reopened to ferries on Monday after two years of repair work by the city.</p><p>Officials said the first crossings were full.</p></article></body></html>',
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    workers.push(startFetcher(config, logger), startParser(config, logger), startIndexer(config, logger));
    api = await buildApi(config, logger);
    apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await api?.close();
    for (const w of workers) await w.close();
    await fetchQueue.close();
    settings.connection.disconnect();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await cleanup(config);
  });

  it('lists the parked job with its payload and reason, and indexes it on replay', async () => {
    const visitId = randomUUID();
    await fetchQueue.add('fetch', { url: `${base}/harbour`, visitId, requestedAt: Date.now() }, { jobId: visitId });
    expect(await followVisit(settings, visitId, 30_000)).toMatchObject({ status: 'failed', stage: 'fetch' });

    expect((await fetch(`${apiUrl}/admin/failed`)).status).toBe(401);
    const list = (await (await fetch(`${apiUrl}/admin/failed`, { headers: auth })).json()) as { items: { queue: string; id: string; url: string; reason: string; attemptErrors: string[] }[] };
    const parked = list.items.find((i) => i.id === visitId);
    expect(parked).toMatchObject({ queue: 'fetch', url: `${base}/harbour` });
    expect(parked!.reason).toMatch(/HTTP 404/);
    expect(parked!.attemptErrors.length).toBeGreaterThanOrEqual(1);

    pageIsUp = true;
    const retried = await fetch(`${apiUrl}/admin/failed/fetch/${visitId}/retry`, { method: 'POST', headers: auth });
    expect(retried.status).toBe(200);
    expect(await followVisit(settings, visitId, 30_000)).toMatchObject({ status: 'indexed' });
    const after = (await (await fetch(`${apiUrl}/admin/failed`, { headers: auth })).json()) as { items: { id: string }[] };
    expect(after.items.map((i) => i.id)).not.toContain(visitId);
  });

  it('drops a parked job on request, and says 404 for one that is not parked', async () => {
    pageIsUp = false;
    const visitId = randomUUID();
    await fetchQueue.add('fetch', { url: `${base}/gone`, visitId, requestedAt: Date.now() }, { jobId: visitId });
    await followVisit(settings, visitId, 30_000);
    expect((await fetch(`${apiUrl}/admin/failed/fetch/${visitId}`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect((await fetch(`${apiUrl}/admin/failed/fetch/${visitId}`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${apiUrl}/admin/failed/nope/${visitId}`, { headers: auth })).status).toBe(400);
  });
});
