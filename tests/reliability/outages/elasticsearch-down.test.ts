import { describe, expect, inject, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { openQueue } from '@ingest/queue';
import { TcpProxy } from '../../ops/support/tcp-proxy';
import { recordFigures } from '../support/figures';
import { envInt, esFaultSuite, expectEveryPageOnce, failedPerQueue, freePort, metric, queueCounts, readyz, serviceEnv, sleep, waitUntilDone } from '../support/crawl-harness';

/** Pages crawled; outage lengths (ms). Defaults are CI's; raise them by hand for a soak. */
const PAGES = envInt('RELIABILITY_PAGES', 500);
const OUTAGE_MS = envInt('RELIABILITY_ES_OUTAGE_MS', 30_000);
const BLACK_HOLE_MS = envInt('RELIABILITY_ES_BLACK_HOLE_MS', 15_000);
/** Paces the crawl so that pages keep arriving at the indexer through both outages. */
const HOST_DELAY_MS = Math.max(1, Math.ceil((OUTAGE_MS + BLACK_HOLE_MS + 15_000) / PAGES));

/**
 * Elasticsearch goes away in the middle of a crawl, twice: first refusing connections
 * (`OUTAGE_MS`), then as a black hole that accepts and never answers (`BLACK_HOLE_MS`).
 * The indexer and the API reach the real Elasticsearch through a TCP proxy; the fetcher,
 * parser, indexer and API run as real processes. Index jobs fail, wait and retry with the
 * queue's back-off (12 attempts, exponential from 1 s: an outage of 30 s uses at most 6),
 * `/readyz` says 503 while it is gone and 200 after, fetching and parsing go on meanwhile,
 * and in the end every page is searchable exactly once, nothing parked, nobody restarted.
 */
describe('Elasticsearch down during indexing (worker processes, real Redis, real Elasticsearch behind a proxy)', () => {
  const esUrl = new URL(inject('elasticsearchUrl'));
  const proxy = new TcpProxy(esUrl.hostname, Number(esUrl.port || 9200));
  const suite = esFaultSuite('elasticsearch-down', PAGES, proxy);
  const { config, settings, es, names, logs, services, indexed } = suite;

  it(`indexes all ${PAGES} pages exactly once across a ${OUTAGE_MS / 1000} s outage and a ${BLACK_HOLE_MS / 1000} s black hole`, { timeout: 240_000 + 3 * (OUTAGE_MS + BLACK_HOLE_MS) }, async () => {
    const site = suite.site;
    const env = serviceEnv(config, { FETCH_HOST_DELAY_MS: String(HOST_DELAY_MS) });
    const viaProxy = { ...env, ELASTICSEARCH_URL: proxy.url };
    const apiPort = await freePort();
    services.start('fetcher', env);
    services.start('parser', env);
    const indexer = services.start('indexer', viaProxy);
    services.start('api', { ...viaProxy, API_PORT: String(apiPort), API_HOST: '127.0.0.1' });
    const indexerUrl = await indexer.healthUrl();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    for (const base of [indexerUrl, apiUrl]) await expect.poll(async () => (await readyz(base)).status, { timeout: 60_000, interval: 250 }).toBe(200);

    const t0 = await suite.startCrawl();

    // Outage 1: connections refused.
    const before = { indexed: await indexed(), counts: await queueCounts(settings), failures: await metric(indexerUrl, 'ingest_job_failures_total', { stage: 'index' }) };
    const down = Date.now();
    await proxy.close();
    const downStatuses: number[] = [];
    let apiDown: Awaited<ReturnType<typeof readyz>> | undefined;
    // A bulk request already sent when the connections were cut may still have landed.
    let settled: number | undefined;
    while (Date.now() - down < OUTAGE_MS) {
      if (settled === undefined && Date.now() - down > Math.min(3_000, OUTAGE_MS / 2)) settled = await indexed();
      const r = await readyz(indexerUrl);
      downStatuses.push(r.status);
      if (r.status === 503) expect(r.body.checks).toMatchObject({ redis: true, elasticsearch: false });
      apiDown ??= await readyz(apiUrl);
      await sleep(Math.min(1_000, Math.max(0, OUTAGE_MS - (Date.now() - down))));
    }
    const during = { indexed: await indexed(), counts: await queueCounts(settings), failures: await metric(indexerUrl, 'ingest_job_failures_total', { stage: 'index' }) };
    await proxy.open();
    const up = Date.now();
    await expect.poll(async () => (await readyz(indexerUrl)).status, { timeout: 30_000, interval: 100 }).toBe(200);
    const readyAfterMs = Date.now() - up;
    await expect.poll(async () => (await readyz(apiUrl)).status, { timeout: 30_000, interval: 100 }).toBe(200);

    expect(downStatuses.length, 'readiness was asked during the outage').toBeGreaterThan(3);
    // 503 every time it answered (0: no answer within 10 s, possible on a loaded machine; never 200).
    expect(downStatuses.filter((s) => s === 503).length, `indexer /readyz during the outage: ${downStatuses.join(',')}`).toBeGreaterThan(3);
    expect(downStatuses.every((s) => s === 503 || s === 0), `indexer /readyz during the outage: ${downStatuses.join(',')}`).toBe(true);
    expect(apiDown).toMatchObject({ status: 503, body: { checks: { elasticsearch: false } } });
    expect(during.failures - before.failures, 'index attempts failed during the outage (and were retried)').toBeGreaterThan(0);
    // Nothing new was indexed while it was gone, but fetching and parsing went on.
    expect(during.indexed).toBe(settled ?? before.indexed);
    expect(during.counts.parse.completed, 'the parser kept working during the outage').toBeGreaterThan(before.counts.parse.completed);
    expect(failedPerQueue(during.counts)).toEqual({ discover: 0, fetch: 0, parse: 0, index: 0 });

    // The backlog drains on its own: wait until some of it is indexed, then the black hole.
    await expect.poll(indexed, { timeout: 90_000, interval: 250 }).toBeGreaterThan(during.indexed + Math.min(20, PAGES / 20));
    const backAt = Date.now() - up;
    const held = proxy.heldConnections;
    const holeStart = Date.now();
    const beforeHole = await indexed();
    await proxy.blackHole();
    const holeStatuses: number[] = [];
    while (Date.now() - holeStart < BLACK_HOLE_MS) {
      const r = await readyz(indexerUrl);
      holeStatuses.push(r.status);
      await sleep(Math.min(500, Math.max(0, BLACK_HOLE_MS - (Date.now() - holeStart))));
    }
    const inHole = await indexed();
    await proxy.passThrough();
    const healed = Date.now();
    await expect.poll(async () => (await readyz(indexerUrl)).status, { timeout: 30_000, interval: 100 }).toBe(200);
    const readyAfterHoleMs = Date.now() - healed;
    expect(proxy.heldConnections - held, 'the indexer ran into the black hole').toBeGreaterThan(0);
    expect(holeStatuses.some((s) => s === 503) && holeStatuses.every((s) => s === 503 || s === 0), `indexer /readyz in the black hole: ${holeStatuses.join(',')}`).toBe(true);
    // Writes already sent before the hole opened may have landed; nothing after.
    expect(inHole - beforeHole).toBeLessThan(PAGES);

    const done = await waitUntilDone(settings, PAGES, 180_000 + OUTAGE_MS);
    const doneAfterMs = Date.now() - healed;
    expect(failedPerQueue(done.counts), 'no job was parked for the outage').toEqual({ discover: 0, fetch: 0, parse: 0, index: 0 });
    expect([done.counts.fetch.completed, done.counts.parse.completed, done.counts.index.completed]).toEqual([PAGES, PAGES, PAGES]);

    const once = await expectEveryPageOnce(es, names, site, services);

    // How often index jobs had to try, from their own records.
    const indexQueue = openQueue(QueueName.index, settings);
    const jobs = await indexQueue.getCompleted(0, PAGES);
    await indexQueue.close();
    const attempts = jobs.map((j) => j.attemptsMade);
    const retried = attempts.filter((a) => a > 1).length;
    const maxAttempts = Math.max(...attempts);
    expect(retried, 'index jobs were retried').toBeGreaterThan(0);
    expect(maxAttempts).toBeLessThan(12);
    const failures = await metric(indexerUrl, 'ingest_job_failures_total', { stage: 'index' });
    recordFigures('elasticsearch-down', {
      fault: `Elasticsearch refusing for ${OUTAGE_MS / 1000} s, then black-holing for ${BLACK_HOLE_MS / 1000} s`,
      pagesCrawled: PAGES,
      pagesSearchable: once.searchable,
      duplicates: once.duplicates,
      parkedJobs: 0,
      readyz503DuringOutage: downStatuses.filter((s) => s === 503).length,
      readyAfterMs,
      readyAfterHoleMs,
      failedIndexAttempts: failures,
      indexJobsRetried: retried,
      maxAttempts,
      doneAfterHealMs: doneAfterMs,
      hostDelayMs: HOST_DELAY_MS,
      parseCompletedDuringOutage: during.counts.parse.completed - before.counts.parse.completed,
      connectionsHeldByBlackHole: proxy.heldConnections - held,
      seconds: Math.round((Date.now() - t0) / 1000),
      logs,
    });
  });
});
