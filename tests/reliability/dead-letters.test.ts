import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followVisit } from '@ingest/queue';
import { startPipeline, type RunningPipeline } from '../support/pipeline';
import { isolatedConfig } from '../support/test-env';

/** A page refused for good is parked with its payload and reason, and indexes on replay. */
describe('dead letters: parked, listed, replayed (real Redis, real Elasticsearch)', () => {
  const token = 'dead-letter-admin-token';
  const config = isolatedConfig({ ADMIN_TOKEN: token });
  const auth = { authorization: `Bearer ${token}` };
  let pipeline: RunningPipeline;
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
    pipeline = await startPipeline(config, 'dead-letters');
    apiUrl = pipeline.apiUrl;
  });

  afterAll(async () => {
    await pipeline?.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('lists the parked job with its payload and reason, and indexes it on replay', async () => {
    const visitId = randomUUID();
    await pipeline.fetchQueue.add('fetch', { url: `${base}/harbour`, visitId, requestedAt: Date.now() }, { jobId: visitId });
    expect(await followVisit(pipeline.settings, visitId, 30_000)).toMatchObject({ status: 'failed', stage: 'fetch' });

    expect((await fetch(`${apiUrl}/admin/failed`)).status).toBe(401);
    const list = (await (await fetch(`${apiUrl}/admin/failed`, { headers: auth })).json()) as { items: { queue: string; id: string; url: string; reason: string; attemptErrors: string[] }[] };
    const parked = list.items.find((i) => i.id === visitId);
    expect(parked).toMatchObject({ queue: 'fetch', url: `${base}/harbour` });
    expect(parked!.reason).toMatch(/HTTP 404/);
    expect(parked!.attemptErrors.length).toBeGreaterThanOrEqual(1);

    pageIsUp = true;
    const retried = await fetch(`${apiUrl}/admin/failed/fetch/${visitId}/retry`, { method: 'POST', headers: auth });
    expect(retried.status).toBe(200);
    expect(await followVisit(pipeline.settings, visitId, 30_000)).toMatchObject({ status: 'indexed' });
    const after = (await (await fetch(`${apiUrl}/admin/failed`, { headers: auth })).json()) as { items: { id: string }[] };
    expect(after.items.map((i) => i.id)).not.toContain(visitId);
  });

  it('drops a parked job on request, and says 404 for one that is not parked', async () => {
    pageIsUp = false;
    const visitId = randomUUID();
    await pipeline.fetchQueue.add('fetch', { url: `${base}/gone`, visitId, requestedAt: Date.now() }, { jobId: visitId });
    await followVisit(pipeline.settings, visitId, 30_000);
    expect((await fetch(`${apiUrl}/admin/failed/fetch/${visitId}`, { method: 'DELETE', headers: auth })).status).toBe(200);
    expect((await fetch(`${apiUrl}/admin/failed/fetch/${visitId}`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${apiUrl}/admin/failed/nope/${visitId}`, { headers: auth })).status).toBe(400);
  });
});
