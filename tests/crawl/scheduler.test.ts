import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { startFetcher } from '@ingest/fetcher';
import { createRedisConnection, openQueue } from '@ingest/queue';
import { schedulerId, SourceRegistry } from '@ingest/sources';
import { startFakeNewsSite, type FakeNewsSite } from '../fixtures/fake-news-site/server';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A source's schedule is a BullMQ job scheduler in Redis: with two fetcher replicas
 * listening, each tick runs once; pausing stops it; it outlives the processes.
 */
describe('source schedules (real Redis, two fetcher replicas)', () => {
  const config = isolatedConfig();
  const logger = testLogger(config, 'crawl-schedule');
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const discoverQueue = openQueue(QueueName.discover, settings);
  const registry = new SourceRegistry(connection, settings);
  let replicas: { close(): Promise<unknown> }[] = [];
  let site: FakeNewsSite;

  beforeAll(async () => {
    site = await startFakeNewsSite();
    replicas = [startFetcher(config, logger), startFetcher(config, logger)];
  });
  afterAll(async () => {
    for (const r of replicas) await r.close();
    await registry.close();
    await discoverQueue.close();
    connection.disconnect();
    await site.close();
    await cleanup(config);
  });

  const tickJobs = async () => (await discoverQueue.getJobs(['completed', 'active', 'waiting', 'delayed', 'failed'])).filter((j) => j.id?.startsWith(`repeat:${schedulerId('ticker')}:`));

  it('fires once per tick across both replicas; each tick reads the feed once', async () => {
    await registry.save({ id: 'ticker', name: 'Ticker', feeds: [`${site.url}/feed.xml`], schedule: { every: '1s' } });
    await sleep(4_300);
    await registry.setPaused('ticker', true);
    // Let a tick in hand finish.
    await sleep(700);
    const ticks = await tickJobs();
    const completed = ticks.filter((j) => j.finishedOn && j.returnvalue);
    expect(completed.length).toBeGreaterThanOrEqual(3);
    expect(completed.length).toBeLessThanOrEqual(6);
    // One job per tick: every tick time (in the job id) appears once, a second apart.
    const times = ticks.map((j) => Number(j.id!.split(':').at(-1))).sort((a, b) => a - b);
    expect(new Set(times).size).toBe(times.length);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1_000);
    // And each tick's run read the feed exactly once, whichever replica ran it.
    expect(site.hits('/feed.xml')).toHaveLength(completed.length);
    expect(completed.every((j) => j.returnvalue.outcome === 'discovered')).toBe(true);
  });

  it('a paused source does not fire; the schedule is gone from Redis and comes back on resume', async () => {
    expect(await discoverQueue.getJobScheduler(schedulerId('ticker'))).toBeFalsy();
    const hits = site.hits('/feed.xml').length;
    await sleep(2_200);
    expect(site.hits('/feed.xml')).toHaveLength(hits);
    const resumed = await registry.setPaused('ticker', false);
    expect(resumed?.nextRunAt).toBeTruthy();
    expect(await discoverQueue.getJobScheduler(schedulerId('ticker'))).toBeTruthy();
  });

  it('outlives the fetchers: with every replica stopped and a new one started, the schedule fires again', async () => {
    for (const r of replicas) await r.close();
    replicas = [];
    const hits = site.hits('/feed.xml').length;
    await sleep(1_500);
    expect(site.hits('/feed.xml')).toHaveLength(hits);
    replicas = [startFetcher(config, logger)];
    const deadline = Date.now() + 10_000;
    while (site.hits('/feed.xml').length === hits && Date.now() < deadline) await sleep(100);
    expect(site.hits('/feed.xml').length).toBeGreaterThan(hits);
    await registry.remove('ticker');
    expect(await discoverQueue.getJobScheduler(schedulerId('ticker'))).toBeFalsy();
  });
});
