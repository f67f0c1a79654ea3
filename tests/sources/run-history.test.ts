import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { startFetcher } from '@ingest/fetcher';
import { startIndexer } from '@ingest/indexer';
import { startParser } from '@ingest/parser';
import { createRedisConnection, openQueue } from '@ingest/queue';
import { RunLedger, SourceRegistry, type RunRecord } from '@ingest/sources';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { PAGES, startRunsSite, type RunsSite } from './runs-site';

/** Polls the run's record until it is no longer running (the bound only guards against a hang). */
async function runEnd(registry: SourceRegistry, sourceId: string, runId: string, timeoutMs = 90_000): Promise<RunRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await registry.runs.get(sourceId, runId);
    if (run && run.status !== 'running') return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still running after ${timeoutMs} ms: ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('run history of a source: counters kept by every stage (real Redis, real Elasticsearch, two fetcher replicas)', () => {
  const config = isolatedConfig({ SOURCE_RUNS_KEPT: '3', SOURCE_QUIET_RUNS: '2' });
  const logger = testLogger(config, 'run-history');
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const registry = new SourceRegistry(connection, settings, config.sourceRuns);
  const fetchQueue = openQueue(QueueName.fetch, settings);
  let site: RunsSite;
  let workers: { close(): Promise<unknown> }[] = [];
  const runIds: string[] = [];

  beforeAll(async () => {
    site = await startRunsSite();
    // Two fetchers: pages of one run are fetched, and counted, by both.
    workers = [startFetcher(config, logger), startFetcher(config, logger), startParser(config, logger), startIndexer(config, logger)];
    await registry.save({ id: 'thu', name: 'Báo Thử', feeds: [`${site.url}/feed.xml`], sitemaps: [`${site.url}/sitemap.xml`] });
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await fetchQueue.close();
    await registry.close();
    connection.disconnect();
    await site?.close();
    await cleanup(config);
  });

  async function run(): Promise<RunRecord> {
    const runId = (await registry.runNow('thu'))!;
    runIds.push(runId);
    return runEnd(registry, 'thu', runId);
  }

  it('first run: new pages indexed, a 404 failed, a robots-disallowed one refused, a 503 retried and counted once', async () => {
    const first = await run();
    expect(first).toMatchObject({
      sourceId: 'thu',
      trigger: 'requested',
      status: 'finished',
      documents: 2,
      discovered: 6,
      enqueued: 5,
      skipped: {},
      fetched: 4,
      parsed: 4,
      indexed: 4,
      newArticles: 4,
      failed: { 'http-404': 1 },
      refused: { 'robots-disallowed': 1 },
      pagesEnded: 5,
      fetchFailed: 1,
    });
    expect(Date.parse(first.newestPublishedAt!)).toBe(Date.parse('2026-11-02T09:30:00+07:00'));
    expect(Date.parse(first.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(first.startedAt));
    // The flaky page was asked for twice (503, then the page) and counted once above.
    expect(site.hits(PAGES.flaky)).toBe(2);
    expect(site.hits(PAGES.secret)).toBe(0);
    const view = await registry.get('thu');
    expect(view).toMatchObject({ health: 'ok', lastRun: { id: first.id, indexed: 4 } });
  });

  it('second run: URLs seen before are skipped, a page listed anew but unchanged is fetched and skipped as unchanged', async () => {
    site.bump();
    const second = await run();
    expect(second).toMatchObject({
      status: 'finished',
      discovered: 6,
      enqueued: 1,
      skipped: { seen: 4, 'unchanged-content': 1 },
      fetched: 0,
      indexed: 0,
      newArticles: 0,
      failed: {},
      pagesEnded: 1,
    });
    expect((await registry.get('thu'))!.health).toBe('ok');
  });

  it('third run brings nothing new either: with SOURCE_QUIET_RUNS=2 the source turns quiet', async () => {
    const third = await run();
    expect(third).toMatchObject({ status: 'finished', enqueued: 0, skipped: { seen: 5 }, newArticles: 0 });
    expect(await registry.get('thu')).toMatchObject({ health: 'quiet', healthReason: 'no new article in the last 2 run(s)', lastRun: { id: third.id } });
  });

  it('keeps SOURCE_RUNS_KEPT=3 runs: a fourth drops the first, newest first in the list', async () => {
    await run();
    const kept = await registry.runs.list('thu');
    expect(kept.map((r) => r.id)).toEqual([...runIds].slice(1).reverse());
    expect(await registry.runs.get('thu', runIds[0]!)).toBeNull();
    const keys = await connection.keys(`${config.queuePrefix}:run:*${runIds[0]}*`);
    expect(keys).toEqual([]);
  });
});

describe('run ledger: each page counts once however often its end is recorded (real Redis)', () => {
  const config = isolatedConfig();
  const a = createRedisConnection(config.redisUrl);
  const b = createRedisConnection(config.redisUrl);
  // Two replicas, each with its own connection.
  const one = new RunLedger(a, config.queuePrefix, { keep: 5 });
  const two = new RunLedger(b, config.queuePrefix, { keep: 5 });
  afterAll(async () => {
    a.disconnect();
    b.disconnect();
    await cleanup(config);
  });

  it('redelivered and concurrent ends of the same pages count once; the run finishes when the last page ends', async () => {
    await one.started('src', 'run-1', 'scheduled');
    await two.started('src', 'run-1', 'scheduled'); // a retried discover job: the same record
    await one.discoveryDone('src', 'run-1', { documents: 1, discovered: 3, enqueued: 3, seen: 0, overCap: 0, robotsRefused: 0 });
    await Promise.all([one, two, one, two].map((l) => l.pageStep('src', 'run-1', 'v1', 'fetched')));
    await Promise.all([one, two, one].map((l) => l.pageEnded('src', 'run-1', 'v1', { kind: 'indexed', created: true, publishedAt: '2026-01-02T00:00:00Z' })));
    await Promise.all([two, one].map((l) => l.pageEnded('src', 'run-1', 'v2', { kind: 'failed', reason: 'http-500', atFetch: true })));
    expect(await one.get('src', 'run-1')).toMatchObject({ status: 'running', fetched: 1, indexed: 1, newArticles: 1, failed: { 'http-500': 1 }, pagesEnded: 2, fetchFailed: 1 });
    await Promise.all([one, two].map((l) => l.pageEnded('src', 'run-1', 'v3', { kind: 'skipped', code: 'not-modified' })));
    const done = await two.get('src', 'run-1');
    expect(done).toMatchObject({ status: 'finished', pagesEnded: 3, skipped: { 'not-modified': 1 }, newestPublishedAt: '2026-01-02T00:00:00Z' });
    expect(done!.finishedAt).not.toBeNull();
    // An end recorded after the run finished (a late redelivery) changes nothing.
    await one.pageEnded('src', 'run-1', 'v3', { kind: 'skipped', code: 'not-modified' });
    expect(await one.get('src', 'run-1')).toEqual(done);
  });

  it('a page of a run dropped by the cap does not bring the run back', async () => {
    for (let i = 0; i < 6; i++) await one.started('capped', `r${i}`, 'scheduled', 1_000 + i);
    expect((await one.list('capped')).map((r) => r.id)).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
    await one.pageEnded('capped', 'r0', 'v', { kind: 'indexed', created: true });
    expect(await one.get('capped', 'r0')).toBeNull();
  });
});
