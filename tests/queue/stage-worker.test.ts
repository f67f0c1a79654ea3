import { afterAll, describe, expect, it } from 'vitest';
import { QueueName, SkipCode, type IndexJob } from '@ingest/contracts';
import { createRedisConnection, createStageWorker, openQueue } from '@ingest/queue';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { article, indexJob } from '../search/corpus';

/**
 * A stage worker with many slots (real Redis). BullMQ takes jobs for every free slot before
 * it starts any; the stage worker keeps few slots free and grows them, so a burst starts
 * being worked on at once, and still ends with every slot in use.
 */
describe('stage worker with many slots', () => {
  const config = isolatedConfig();
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const queue = openQueue(QueueName.index, settings);
  afterAll(async () => {
    await queue.close();
    settings.connection.disconnect();
    await cleanup(config);
  });

  it('starts the first job of a burst before taking the whole burst, then holds every job at once; again after the queue ran dry', async () => {
    const burst = 300;
    let started = 0;
    let release!: () => void;
    let allStarted!: () => void;
    let released = new Promise<void>((r) => (release = r));
    let everyoneIn = new Promise<void>((r) => (allStarted = r));
    const activeAtFirstStart: number[] = [];
    const worker = createStageWorker({
      queue: QueueName.index,
      settings,
      concurrency: 2000,
      logger: testLogger(config, 'slots-test'),
      handler: async () => {
        if (started++ === 0) activeAtFirstStart.push(await queue.getActiveCount());
        if (started === burst) allStarted();
        // Every job of the burst is held until all of them were started: only a worker
        // that ends up holding the whole burst at once gets through.
        await released;
        return { outcome: 'skipped', code: SkipCode.notAnArticle, reason: 'test' };
      },
    });
    try {
      for (const wave of [1, 2]) {
        started = 0;
        released = new Promise<void>((r) => (release = r));
        everyoneIn = new Promise<void>((r) => (allStarted = r));
        const jobs: IndexJob[] = Array.from({ length: burst }, (_, i) => indexJob(`https://slots.example/${wave}/${i}`, article()));
        await queue.addBulk(jobs.map((data, i) => ({ name: 'index', data, opts: { jobId: `w${wave}-${i}`, removeOnComplete: true } })));
        await everyoneIn;
        expect(await queue.getActiveCount()).toBe(burst);
        release();
        for (let i = 0; i < 200 && (await queue.getJobCounts('active', 'wait'))['active']! > 0; i++) await new Promise((r) => setTimeout(r, 25));
        expect(await queue.getJobCounts('active', 'wait', 'failed')).toEqual({ active: 0, wait: 0, failed: 0 });
        // Let the worker see the queue empty before the next wave.
        await new Promise((r) => setTimeout(r, 300));
      }
      // Taken from the queue when the first job of each wave began: a few dozen, not all 300.
      expect(activeAtFirstStart).toHaveLength(2);
      for (const n of activeAtFirstStart) expect(n).toBeLessThan(burst / 2);
    } finally {
      release();
      await worker.close();
    }
  });
});
