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

/** Bull Board as an operator uses it: every queue listed, retry and clean work, all behind the token. */
describe('queue dashboard actions behind the admin token (real HTTP, real Redis, real Elasticsearch)', () => {
  const token = 'ops-dashboard-token-0123';
  const config = isolatedConfig({ ADMIN_TOKEN: token, FETCH_HOST_DELAY_MS: '0', FETCH_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8' });
  const logger = testLogger(config, 'ops-dashboard');
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const fetchQueue = openQueue(QueueName.fetch, settings);
  const workers: { close(): Promise<unknown> }[] = [];
  const auth = { authorization: `Bearer ${token}` };
  let api: FastifyInstance;
  let base = '';
  let site: http.Server;
  let siteUrl = '';
  let published = false;

  beforeAll(async () => {
    site = http.createServer((_req, res) => {
      if (!published) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
        '<html lang="en"><head><title>Bridge opens</title></head><body><article><h1>Bridge opens</h1><p>The new river bridge opened to traffic on Tuesday after three years of construction work.</p><p>Drivers said the morning crossing took minutes instead of an hour.</p></article></body></html>',
      );
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
    workers.push(startFetcher(config, logger), startParser(config, logger), startIndexer(config, logger));
    api = await buildApi(config, logger);
    base = await api.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await api?.close();
    for (const w of workers) await w.close();
    await fetchQueue.close();
    settings.connection.disconnect();
    site.closeAllConnections();
    await new Promise((r) => site.close(r));
    await cleanup(config);
  });

  it('lists every queue of the pipeline', async () => {
    expect((await fetch(`${base}/admin/queues/api/queues`)).status).toBe(401);
    const res = await fetch(`${base}/admin/queues/api/queues`, { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['discover', 'fetch', 'index', 'parse']);
  });

  it('retries a parked job from the dashboard (refused without the token), then cleans the completed ones', async () => {
    const visitId = randomUUID();
    await fetchQueue.add('fetch', { url: `${siteUrl}/bridge`, visitId, requestedAt: Date.now() }, { jobId: visitId });
    expect(await followVisit(settings, visitId, 30_000)).toMatchObject({ status: 'failed', stage: 'fetch' });

    published = true;
    const retryUrl = `${base}/admin/queues/api/queues/fetch/${visitId}/retry`;
    expect((await fetch(retryUrl, { method: 'PUT' })).status).toBe(401);
    expect(await (await fetchQueue.getJob(visitId))!.getState()).toBe('failed');
    const retried = await fetch(retryUrl, { method: 'PUT', headers: auth });
    expect(retried.status).toBe(204);
    expect(await followVisit(settings, visitId, 30_000)).toMatchObject({ status: 'indexed' });

    expect(await fetchQueue.getCompletedCount()).toBe(1);
    expect((await fetch(`${base}/admin/queues/api/queues/fetch/clean/completed`, { method: 'PUT' })).status).toBe(401);
    // Bull Board's clean spares jobs younger than 5 s, so ask until the job is old enough.
    await expect
      .poll(
        async () => {
          const res = await fetch(`${base}/admin/queues/api/queues/fetch/clean/completed`, { method: 'PUT', headers: auth });
          expect(res.status).toBe(200);
          return fetchQueue.getCompletedCount();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(0);
  });

  it('keeps /metrics, /healthz and /readyz open for scrapers and probes', async () => {
    for (const path of ['/metrics', '/healthz', '/readyz']) expect((await fetch(base + path)).status, path).toBe(200);
  });
});
