import { afterAll, describe, expect, it } from 'vitest';
import { createRedisConnection, isCluster, masterNodes } from '@ingest/queue';
import { startDemoSite } from '../fixtures/demo-site/server';
import { describePipeline, SEED_PATH } from '../e2e/pipeline-suite';
import { describeDiscovery } from '../crawl/discovery-suite';
import { describePoliteness } from '../crawl/politeness-suite';
import { startPipeline } from '../support/pipeline';
import { isolatedConfig } from '../support/test-env';
import { startLocalCluster } from './support/local-cluster';

/**
 * The same end-to-end, politeness and discovery tests as on one Redis (discovery: source
 * schedules, seen-URL sets, run records), on a Redis Cluster of three
 * masters (infra/local/services.sh start redis-cluster: 127.0.0.1:7001-7003), started here
 * before the suites are collected and stopped after them. A cross-slot command anywhere
 * (BullMQ's scripts, the host gate, seen URLs, the page store, source runs) fails them: the
 * cluster answers CROSSSLOT.
 */
const cluster = await startLocalCluster('redis-cluster');
console.log(`[redis-cluster] ${cluster.url} ready in ${cluster.startSeconds.toFixed(1)} s`);
afterAll(() => cluster.stop());

const REDIS_CLUSTER = { REDIS_URL: cluster.url };

describe('the Redis Cluster under test', () => {
  it('has three masters sharing the 16384 slots, and refuses a cross-slot command', async () => {
    const redis = createRedisConnection(cluster.url, { maxRetriesPerRequest: 3 });
    try {
      expect(isCluster(redis)).toBe(true);
      const info = await redis.cluster('INFO');
      expect(info).toMatch(/cluster_state:ok/);
      expect(info).toMatch(/cluster_slots_assigned:16384/);
      expect(masterNodes(redis)).toHaveLength(3);
      await expect(redis.del('a-key', 'another-key')).rejects.toThrow(/CROSSSLOT/);
    } finally {
      redis.disconnect();
    }
  });

  it("puts BullMQ's keys of every queue in the slot of the prefix's hash tag, and spreads ours over the masters", async () => {
    const config = isolatedConfig(REDIS_CLUSTER);
    const site = await startDemoSite();
    const pipeline = await startPipeline(config, 'slots');
    const redis = createRedisConnection(cluster.url, { maxRetriesPerRequest: 3 });
    let closed = false;
    try {
      expect(await pipeline.crawl(site.url + SEED_PATH)).toMatchObject({ status: 'indexed' });
      const keysOf = async (pattern: string) => (await Promise.all(masterNodes(redis).map((node) => node.keys(pattern)))).flat();
      const kindsOf = (keys: string[], prefix: string) => new Set(keys.map((k) => k.slice(prefix.length + 1).split(':')[0]));
      const slotsOf = async (keys: string[]) => new Set(await Promise.all(keys.map((k) => redis.cluster('KEYSLOT', k))));
      const bullmq = await keysOf(`{${config.queuePrefix}}:*`);
      const ours = await keysOf(`${config.queuePrefix}:*`);
      expect([...kindsOf(bullmq, `{${config.queuePrefix}}`)]).toEqual(expect.arrayContaining(['fetch', 'parse', 'index']));
      expect([...(await slotsOf(bullmq))]).toEqual([await redis.cluster('KEYSLOT', config.queuePrefix)]);
      // Ours: host politeness state, robots.txt, fetch validators, each in its own key's slot.
      expect([...kindsOf(ours, config.queuePrefix)]).toEqual(expect.arrayContaining(['host', 'robots', 'validators']));
      expect((await slotsOf(ours)).size).toBeGreaterThan(1);
      // Closing removes every key of the deployment, on every master (tests/support cleanup).
      await pipeline.close();
      closed = true;
      expect([...(await keysOf(`{${config.queuePrefix}}:*`)), ...(await keysOf(`${config.queuePrefix}:*`))]).toEqual([]);
    } finally {
      redis.disconnect();
      if (!closed) await pipeline.close();
      await site.close();
    }
  });
});

describePipeline('Redis Cluster of 3 masters, real Elasticsearch', REDIS_CLUSTER);
describePoliteness('Redis Cluster of 3 masters', REDIS_CLUSTER);
describeDiscovery('Redis Cluster of 3 masters', REDIS_CLUSTER);
