import { describe, expect, inject, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { openQueue } from '@ingest/queue';
import { recordFigures } from '../support/figures';
import { envInt, esFaultSuite, expectEveryPageOnce, failedPerQueue, metric, queueCounts, readyz, serviceEnv, sleep, waitUntilDone } from '../support/crawl-harness';
import { EsFaultProxy } from '../support/es-fault-proxy';

/** Pages crawled; phase lengths (ms); delay added per request when slow. CI defaults; raise by hand for a soak. */
const PAGES = envInt('RELIABILITY_PAGES', 500);
const SLOW_MS = envInt('RELIABILITY_ES_SLOW_MS', 15_000);
const SLOW_DELAY_MS = envInt('RELIABILITY_ES_SLOW_DELAY_MS', 2_000);
const REJECT_MS = envInt('RELIABILITY_ES_429_MS', 15_000);
/** Bulk requests in which every third article is refused with a per-item 429. */
const ITEM_REJECT_REQUESTS = envInt('RELIABILITY_ES_ITEM_429_REQUESTS', 5);
/** Paces the crawl so pages keep arriving at the indexer through every phase. */
const HOST_DELAY_MS = Math.max(1, Math.ceil((SLOW_MS + REJECT_MS + 20_000) / PAGES));

/**
 * Elasticsearch overloaded in the middle of a crawl, behind an HTTP proxy the indexer
 * talks to: first slow (every request held `SLOW_DELAY_MS`), then refusing every bulk
 * request with 429 `es_rejected_execution_exception` for `REJECT_MS`, then refusing single
 * articles with a 429 item inside otherwise successful bulk responses. The indexer slows
 * down and retries with back-off; nothing is lost, nothing parked, every page is
 * searchable exactly once, and no process was restarted.
 */
describe('Elasticsearch slow and rejecting bulk requests (worker processes, real Redis, real Elasticsearch behind an HTTP proxy)', () => {
  const proxy = new EsFaultProxy(new URL(inject('elasticsearchUrl')));
  const suite = esFaultSuite('elasticsearch-slow', PAGES, proxy);
  const { config, settings, es, names, logs, services, indexed } = suite;

  it(`indexes all ${PAGES} pages exactly once through a slow phase, bulk 429s and item 429s`, { timeout: 240_000 + 3 * (SLOW_MS + REJECT_MS) }, async () => {
    const site = suite.site;
    const env = serviceEnv(config, { FETCH_HOST_DELAY_MS: String(HOST_DELAY_MS) });
    services.start('fetcher', env);
    services.start('parser', env);
    const indexer = services.start('indexer', { ...env, ELASTICSEARCH_URL: proxy.url });
    const indexerUrl = await indexer.healthUrl();
    await expect.poll(async () => (await readyz(indexerUrl)).status, { timeout: 60_000, interval: 250 }).toBe(200);
    const failures = () => metric(indexerUrl, 'ingest_job_failures_total', { stage: 'index' });

    const t0 = await suite.startCrawl();

    // Slow: every request to Elasticsearch takes SLOW_DELAY_MS more.
    const slow = { at: Date.now(), indexed: await indexed(), failures: await failures() };
    proxy.delayMs = SLOW_DELAY_MS;
    const slowReadiness: number[] = [];
    while (Date.now() - slow.at < SLOW_MS) {
      slowReadiness.push((await readyz(indexerUrl)).status);
      await sleep(Math.min(1_000, Math.max(0, SLOW_MS - (Date.now() - slow.at))));
    }
    proxy.delayMs = 0;
    const afterSlow = { indexed: await indexed(), failures: await failures() };
    expect(proxy.counts.delayed).toBeGreaterThan(0);
    expect(afterSlow.indexed, 'indexing went on, slower, while Elasticsearch was slow').toBeGreaterThan(slow.indexed);
    expect(afterSlow.failures - slow.failures, 'a slow cluster (within the request timeout) fails no attempt').toBe(0);

    // Overloaded: every bulk request answered 429 for REJECT_MS.
    const reject = { at: Date.now(), failures: await failures(), bulk: proxy.counts.bulkRejected, indexed: 0 };
    proxy.rejectBulk({ forMs: REJECT_MS });
    // Bulk requests already on their way when the refusals began may still land.
    await sleep(Math.min(3_000, REJECT_MS / 2));
    reject.indexed = await indexed();
    await sleep(Math.max(0, REJECT_MS - (Date.now() - reject.at) - 200));
    const afterReject = { indexed: await indexed(), failures: await failures(), rejected: proxy.counts.bulkRejected - reject.bulk };
    expect(afterReject.rejected, 'bulk requests were refused with 429').toBeGreaterThan(0);
    expect(afterReject.failures - reject.failures, 'index attempts failed on 429 (and are retried)').toBeGreaterThan(0);
    expect(await metric(indexerUrl, 'ingest_job_failures_total', { stage: 'index', reason: 'index-unavailable' })).toBeGreaterThan(0);
    expect(afterReject.indexed - reject.indexed, 'nothing new was written while every bulk request was refused').toBe(0);
    const counts = await queueCounts(settings);
    expect(failedPerQueue(counts)).toEqual({ discover: 0, fetch: 0, parse: 0, index: 0 });
    const recovered = Date.now();
    await expect.poll(indexed, { timeout: 60_000, interval: 200 }).toBeGreaterThan(afterReject.indexed);
    const indexingAgainMs = Date.now() - recovered;

    // Busy: single articles refused with a 429 item inside a 200 bulk response.
    proxy.rejectItems({ requests: ITEM_REJECT_REQUESTS, every: 3, index: names.articles });
    const done = await waitUntilDone(settings, PAGES, 180_000);
    const doneAfterMs = Date.now() - recovered;
    expect(proxy.counts.itemsRejected, 'articles were refused by a per-item 429').toBeGreaterThan(0);

    expect(failedPerQueue(done.counts), 'no job was parked for the overload').toEqual({ discover: 0, fetch: 0, parse: 0, index: 0 });
    expect([done.counts.fetch.completed, done.counts.parse.completed, done.counts.index.completed]).toEqual([PAGES, PAGES, PAGES]);
    const once = await expectEveryPageOnce(es, names, site, services);

    const indexQueue = openQueue(QueueName.index, settings);
    const attempts = (await indexQueue.getCompleted(0, PAGES)).map((j) => j.attemptsMade);
    await indexQueue.close();
    const maxAttempts = Math.max(...attempts);
    expect(maxAttempts).toBeLessThan(12);
    recordFigures('elasticsearch-slow', {
      fault: `Elasticsearch +${SLOW_DELAY_MS} ms a request for ${SLOW_MS / 1000} s, 429 to every bulk request for ${REJECT_MS / 1000} s, 429 to single items`,
      pagesCrawled: PAGES,
      pagesSearchable: once.searchable,
      duplicates: once.duplicates,
      parkedJobs: 0,
      indexedWhileSlow: afterSlow.indexed - slow.indexed,
      requestsDelayed: proxy.counts.delayed,
      readyzWhileSlow: slowReadiness.join(','),
      bulkRequestsRefused: afterReject.rejected,
      indexingAgainMs,
      itemsRefused: proxy.counts.itemsRejected,
      indexJobsRetried: attempts.filter((a) => a > 1).length,
      maxAttempts,
      failedIndexAttempts: await failures(),
      doneAfterOverloadMs: doneAfterMs,
      seconds: Math.round((Date.now() - t0) / 1000),
      logs,
    });
  });
});
