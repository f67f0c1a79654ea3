import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueVisit, followVisit } from '@ingest/queue';
import { startPipeline, type RunningPipeline } from '../support/pipeline';
import { isolatedConfig } from '../support/test-env';

/** Bull Board as an operator uses it: every queue listed, retry and clean work, all behind the token. */
describe('queue dashboard actions behind the admin token (real HTTP, real Redis, real Elasticsearch)', () => {
  const token = 'ops-dashboard-token-0123';
  const config = isolatedConfig({ ADMIN_TOKEN: token, FETCH_HOST_DELAY_MS: '0', FETCH_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8' });
  const auth = { authorization: `Bearer ${token}` };
  let pipeline: RunningPipeline;
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
    pipeline = await startPipeline(config, 'ops-dashboard');
    base = pipeline.apiUrl;
  });
  afterAll(async () => {
    await pipeline?.close();
    site.closeAllConnections();
    await new Promise((r) => site.close(r));
  });

  it('lists every queue of the pipeline', async () => {
    expect((await fetch(`${base}/admin/queues/api/queues`)).status).toBe(401);
    const res = await fetch(`${base}/admin/queues/api/queues`, { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['discover', 'fetch', 'index', 'parse']);
  });

  it('retries a parked job from the dashboard (refused without the token), then cleans the completed ones', async () => {
    const visitId = await enqueueVisit(pipeline.fetchQueue, { url: `${siteUrl}/bridge` });
    expect(await followVisit(pipeline.settings, visitId, 30_000)).toMatchObject({ status: 'failed', stage: 'fetch' });

    published = true;
    const retryUrl = `${base}/admin/queues/api/queues/fetch/${visitId}/retry`;
    expect((await fetch(retryUrl, { method: 'PUT' })).status).toBe(401);
    expect(await (await pipeline.fetchQueue.getJob(visitId))!.getState()).toBe('failed');
    const retried = await fetch(retryUrl, { method: 'PUT', headers: auth });
    expect(retried.status).toBe(204);
    expect(await followVisit(pipeline.settings, visitId, 30_000)).toMatchObject({ status: 'indexed' });

    expect(await pipeline.fetchQueue.getCompletedCount()).toBe(1);
    expect((await fetch(`${base}/admin/queues/api/queues/fetch/clean/completed`, { method: 'PUT' })).status).toBe(401);
    // Bull Board's clean spares jobs younger than 5 s, so ask until the job is old enough.
    await expect
      .poll(
        async () => {
          const res = await fetch(`${base}/admin/queues/api/queues/fetch/clean/completed`, { method: 'PUT', headers: auth });
          expect(res.status).toBe(200);
          return pipeline.fetchQueue.getCompletedCount();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(0);
  });

  it('keeps /metrics, /healthz and /readyz open for scrapers and probes', async () => {
    for (const path of ['/metrics', '/healthz', '/readyz']) expect((await fetch(base + path)).status, path).toBe(200);
  });
});
