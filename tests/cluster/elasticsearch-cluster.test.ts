import { afterAll, describe, expect, it } from 'vitest';
import { createSearchClient, deleteIndices, ensureIndices, indexKinds, indexNames, versionedIndex } from '@ingest/search';
import { recordFigures } from '../reliability/support/figures';
import { esFaultSuite, expectEveryPageOnce, failedPerQueue, freePort, metric, readyz, serviceEnv, waitUntilDone } from '../reliability/support/crawl-harness';
import { isolatedConfig } from '../support/test-env';
import { startLocalCluster } from './support/local-cluster';

const PAGES = 300;
/** Paces the crawl over ~20 s, so that pages keep reaching the indexer while a node is gone. */
const HOST_DELAY_MS = 60;
const noProxy = { open: async () => {}, close: async () => {} };

/**
 * A 3-node Elasticsearch cluster (infra/local/services.sh start es-cluster: HTTP
 * 127.0.0.1:9501-9503, 512 MB heap each), started here and stopped after. The indexer,
 * the API and the test know all three nodes (ELASTICSEARCH_URL is the list); the indices
 * get a replica because the cluster has more than one node. In the middle of a crawl the
 * elected master is stopped: the others elect a new one and promote the replicas, the
 * indexer carries on, and every page ends up searchable exactly once, nothing parked.
 */
const cluster = await startLocalCluster('es-cluster');
console.log(`[es-cluster] ${cluster.url} ready in ${cluster.startSeconds.toFixed(1)} s`);
afterAll(() => cluster.stop());

describe('a 3-node Elasticsearch cluster losing its master mid-crawl (worker processes, real Redis)', () => {
  const suite = esFaultSuite('es-cluster-node-down', PAGES, noProxy, { ELASTICSEARCH_URL: cluster.url });
  const { config, settings, es, names, services, indexed } = suite;

  it(`indexes all ${PAGES} pages exactly once, one node stopped half-way`, { timeout: 300_000 }, async () => {
    const health = await es.cluster.health({ index: [names.articles, names.tasks], wait_for_status: 'green', timeout: '60s' });
    expect(health).toMatchObject({ number_of_nodes: 3, status: 'green' });
    const settingsOf = await es.indices.getSettings({ index: [names.articles, names.tasks], flat_settings: true });
    for (const s of Object.values(settingsOf)) expect(s.settings).toMatchObject({ 'index.auto_expand_replicas': '0-1', 'index.number_of_replicas': '1' });

    const env = serviceEnv(config, { FETCH_HOST_DELAY_MS: String(HOST_DELAY_MS), INDEX_REFRESH_MS: '200' });
    const apiPort = await freePort();
    services.start('fetcher', env);
    services.start('parser', env);
    const indexer = services.start('indexer', env);
    services.start('api', { ...env, API_PORT: String(apiPort), API_HOST: '127.0.0.1' });
    const indexerUrl = await indexer.healthUrl();
    for (const base of [indexerUrl, `http://127.0.0.1:${apiPort}`]) await expect.poll(async () => (await readyz(base)).status, { timeout: 60_000, interval: 250 }).toBe(200);

    await suite.startCrawl();
    const master = String((await es.cat.master({ format: 'json' }))[0]?.node);
    expect(master).toMatch(/^es-[1-3]$/);
    const atStop = await indexed();
    const stoppedAt = Date.now();
    await cluster.stopNode(Number(master.slice(3)));
    const stopSeconds = (Date.now() - stoppedAt) / 1000;
    expect(atStop, 'the node was stopped in the middle of the crawl').toBeLessThan(PAGES * 0.8);

    // The indexer carries on with two nodes: more pages become searchable after the stop.
    await expect.poll(indexed, { timeout: 120_000, interval: 500 }).toBeGreaterThan(atStop + 20);
    const after = await es.cluster.health({ timeout: '30s', wait_for_nodes: '2' });
    expect(after.number_of_nodes).toBe(2);
    const newMaster = String((await es.cat.master({ format: 'json' }))[0]?.node);
    expect(newMaster).not.toBe(master);

    const done = await waitUntilDone(settings, PAGES, 240_000);
    expect(failedPerQueue(done.counts)).toEqual({ discover: 0, fetch: 0, parse: 0, index: 0 });
    const once = await expectEveryPageOnce(es, names, suite.site, services);
    expect(once).toEqual({ searchable: PAGES, duplicates: 0 });
    recordFigures('es-cluster-node-down', {
      pages: PAGES,
      searchable: once.searchable,
      duplicates: once.duplicates,
      parked: 0,
      clusterStartSeconds: cluster.startSeconds,
      indexedWhenStopped: atStop,
      stoppedNode: master,
      newMaster,
      nodeStopSeconds: stopSeconds,
      // Attempts that failed while the cluster moved its shards, then succeeded on retry.
      failedIndexAttempts: await metric(indexerUrl, 'ingest_job_failures_total', { stage: 'index' }),
      crawlSeconds: done.ms / 1000,
    });
  });
});

describe('indices on the 3-node cluster', () => {
  it('an index made with 0 replicas (by an older version, on one node) gets a replica at start-up', async () => {
    const config = isolatedConfig({ ELASTICSEARCH_URL: cluster.url });
    const es = createSearchClient(config.elasticsearchUrl);
    const names = indexNames(config.indexPrefix);
    try {
      for (const kind of indexKinds(names)) {
        await es.indices.create({ index: versionedIndex(kind.read), mappings: kind.mappings, settings: { number_of_shards: 1, number_of_replicas: 0 }, aliases: { [kind.read]: {}, [kind.write]: { is_write_index: true } } });
      }
      await ensureIndices(es, config.indexPrefix);
      const settings = await es.indices.getSettings({ index: [names.articles, names.tasks], flat_settings: true });
      expect(Object.values(settings).map((s) => s.settings?.['index.number_of_replicas'])).toEqual(['1', '1']);
    } finally {
      await deleteIndices(es, config.indexPrefix);
      await es.close();
    }
  });
});
