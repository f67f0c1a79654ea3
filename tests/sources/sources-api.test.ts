import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '@ingest/api';
import { startFetcher } from '@ingest/fetcher';
import { startIndexer } from '@ingest/indexer';
import { startParser } from '@ingest/parser';
import type { RunRecord } from '@ingest/sources';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { startRunsSite, type RunsSite } from './runs-site';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A source's runs and health through the HTTP API, /metrics and the CLI (real Redis, real Elasticsearch). */
describe('source runs and health: GET /sources, /sources/:id/runs, /metrics, ingest sources list|show|runs', () => {
  const token = 'sources-admin-token-0123';
  const config = isolatedConfig({ ADMIN_TOKEN: token });
  const env = { ...process.env, REDIS_URL: config.redisUrl, ELASTICSEARCH_URL: config.elasticsearchUrl, QUEUE_PREFIX: config.queuePrefix, INDEX_PREFIX: config.indexPrefix, LOG_PRETTY: 'false', LOG_LEVEL: 'warn' };
  const ingest = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], { cwd: ROOT, env, timeout: 90_000 });
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const workers: { close(): Promise<unknown> }[] = [];
  let site: RunsSite;
  let api: FastifyInstance;
  let base: string;
  let runId: string;

  beforeAll(async () => {
    site = await startRunsSite();
    const logger = testLogger(config, 'sources-api');
    workers.push(startFetcher(config, logger), startParser(config, logger), startIndexer(config, logger));
    api = await buildApi(config, logger);
    base = await api.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await api?.close();
    for (const w of workers) await w.close();
    await site?.close();
    await cleanup(config);
  });

  const getJson = async (path: string) => {
    const res = await fetch(base + path);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('a new source: health ok, no run yet; runs are read without the token, a run needs it', async () => {
    const created = await fetch(`${base}/sources`, { method: 'POST', headers: auth, body: JSON.stringify({ id: 'thu', name: 'Báo Thử', feeds: [`${site.url}/feed.xml`], sitemaps: [`${site.url}/sitemap.xml`] }) });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: 'thu', health: 'ok', healthReason: 'no finished run yet', lastRun: null });
    expect(await getJson('/sources/thu/runs')).toEqual({ status: 200, body: { items: [] } });
    expect((await getJson('/sources/nope/runs')).status).toBe(404);
    expect((await fetch(`${base}/crawls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sourceId: 'thu' }) })).status).toBe(401);
  });

  it('POST /crawls {sourceId} starts a run; GET /sources/:id/runs/:runId follows it to its counts', async () => {
    const started = await fetch(`${base}/crawls`, { method: 'POST', headers: auth, body: JSON.stringify({ sourceId: 'thu' }) });
    expect(started.status).toBe(202);
    runId = ((await started.json()) as { visitId: string }).visitId;
    let runRecord: RunRecord | undefined;
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const { status, body } = await getJson(`/sources/thu/runs/${runId}`);
      if (status === 200 && body.status !== 'running') {
        runRecord = body as unknown as RunRecord;
        break;
      }
    }
    expect(runRecord).toMatchObject({ id: runId, trigger: 'requested', status: 'finished', enqueued: 5, indexed: 4, newArticles: 4, failed: { 'http-404': 1 }, refused: { 'robots-disallowed': 1 } });
    expect((await getJson('/sources/thu/runs/no-such-run')).status).toBe(404);
    const list = await getJson('/sources/thu/runs?limit=5');
    expect((list.body.items as RunRecord[]).map((r) => r.id)).toEqual([runId]);
    const sources = await getJson('/sources');
    expect(sources.body.items).toEqual([expect.objectContaining({ id: 'thu', health: 'ok', lastRun: expect.objectContaining({ id: runId, indexed: 4 }) })]);
  });

  it('/metrics carries per-source gauges', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('ingest_source_health{source="thu",health="ok"} 1');
    expect(text).toContain('ingest_source_health{source="thu",health="quiet"} 0');
    expect(text).toContain('ingest_source_last_run_new_articles{source="thu"} 4');
    expect(text).toContain('ingest_source_last_run_failed_pages{source="thu"} 1');
    expect(text).toContain('ingest_sources{health="ok"} 1');
  });

  it('ingest sources list, show and runs print health, the last run and a table of runs', async () => {
    const list = (await ingest('sources', 'list')).stdout;
    expect(list).toMatch(/^thu +Báo Thử +\[unscheduled\].*health: ok\n +last run: finished .*\(requested\): 5 enqueued, 4 indexed \(4 new\), 0 skipped, 1 failed/m);
    const show = (await ingest('sources', 'show', 'thu')).stdout;
    expect(show).toMatch(/health: ok/);
    expect(show).toMatch(/^started +trigger +status +found +enqueued +skipped +fetched +parsed +indexed +new +failed +newest article$/m);
    expect(show).toMatch(/ requested +finished +6 +5 +0 +4 +4 +4 +4 +1 http-404, 1 robots-disallowed \(refused\) +2026-11-02/);
    const watched = (await ingest('sources', 'runs', 'thu', '--watch', '--json')).stdout.trim().split('\n');
    expect(watched.map((l) => (JSON.parse(l) as RunRecord).id)).toEqual([runId]);
    const missing = await ingest('sources', 'runs', 'nope').then(() => null, (e: { code?: number }) => e);
    expect(missing?.code).toBe(1);
  });
});
