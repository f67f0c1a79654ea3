import { afterAll, describe, expect, it } from 'vitest';
import { QueueName, SkipCode, StageError, type FetchJob, type ParseJob, type StageOutcome } from '@ingest/contracts';
import { createRedisConnection, createStageWorker, enqueueVisit, followVisit, openQueue, type StageHandler } from '@ingest/queue';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';

/**
 * The stage worker turns a handler's outcome into queue operations (real Redis): a
 * hand-on lands in the next queue under the visit's id, a wait delays the job without
 * using an attempt, a StageError that is not retryable is parked at once with its
 * message, any other throw is retried.
 */
describe('stage worker outcomes', () => {
  // Failures are provoked on purpose here: keep their log lines out of the test output.
  const config = isolatedConfig({ LOG_LEVEL: 'fatal' });
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const fetchQueue = openQueue(QueueName.fetch, settings);
  const parseQueue = openQueue(QueueName.parse, settings);
  const logger = testLogger(config, 'stage-outcomes');
  afterAll(async () => {
    await fetchQueue.close();
    await parseQueue.close();
    settings.connection.disconnect();
    await cleanup(config);
  });

  const parseJobOf = (data: FetchJob): ParseJob => ({
    visitId: data.visitId,
    requestedAt: data.requestedAt,
    url: data.url,
    finalUrl: data.url,
    pageRef: 'ref',
    fetchedAt: new Date().toISOString(),
    httpStatus: 200,
    contentType: 'text/html',
    contentHash: 'hash',
  });

  async function withFetchStage<T>(handler: StageHandler<'fetch'>, body: () => Promise<T>): Promise<T> {
    const worker = createStageWorker({ queue: QueueName.fetch, settings, concurrency: 4, logger, handler });
    const parser = createStageWorker({ queue: QueueName.parse, settings, concurrency: 4, logger, handler: async () => ({ outcome: 'skipped', code: SkipCode.notAnArticle, reason: 'not-an-article: end of the line in this test' }) });
    try {
      return await body();
    } finally {
      await worker.close();
      await parser.close();
    }
  }

  it('hands on under the visit id, and waits for the host without using an attempt', async () => {
    const calls = new Map<string, number>();
    const handler: StageHandler<'fetch'> = async (data): Promise<StageOutcome<'fetch'>> => {
      const n = (calls.get(data.visitId) ?? 0) + 1;
      calls.set(data.visitId, n);
      // Twice "not your turn", keeping a place in line that the next call must see.
      if (n <= 2) return { outcome: 'wait', host: 'wait.example', ms: 50, data: { ...data, hostSlot: n } };
      expect(data.hostSlot).toBe(2);
      return { outcome: 'handed-on', next: QueueName.parse, job: parseJobOf(data) };
    };
    await withFetchStage(handler, async () => {
      const visitId = await enqueueVisit(fetchQueue, { url: 'https://wait.example/a', sourceId: 'src' });
      const outcome = await followVisit(settings, visitId, 30_000);
      expect(outcome).toMatchObject({ status: 'skipped', code: SkipCode.notAnArticle, stages: ['fetch', 'parse'] });
      expect(calls.get(visitId)).toBe(3);
      const fetchJob = await fetchQueue.getJob(visitId);
      // One finished attempt (BullMQ counts the completion), not three: waiting used none.
      expect(fetchJob?.attemptsMade).toBe(1);
      expect(fetchJob?.data).toMatchObject({ url: 'https://wait.example/a', sourceId: 'src', hostSlot: 2 });
      expect((await parseQueue.getJob(visitId))?.data.url).toBe('https://wait.example/a');
    });
  });

  it('parks a refusal that cannot change at its first attempt, and retries anything else', async () => {
    const attempts = new Map<string, number>();
    const handler: StageHandler<'fetch'> = async (data) => {
      attempts.set(data.url, (attempts.get(data.url) ?? 0) + 1);
      if (data.url.endsWith('/refused')) throw new StageError('http-status', 'http-status: HTTP 404 for /refused', false);
      if (attempts.get(data.url)! < 2) throw new Error('connection reset');
      return { outcome: 'handed-on', next: QueueName.parse, job: parseJobOf(data) };
    };
    await withFetchStage(handler, async () => {
      const refused = await enqueueVisit(fetchQueue, { url: 'https://x.example/refused' });
      const flaky = await enqueueVisit(fetchQueue, { url: 'https://x.example/flaky' });
      const [r, f] = await Promise.all([followVisit(settings, refused, 30_000), followVisit(settings, flaky, 30_000)]);
      expect(r).toEqual({ status: 'failed', reason: 'http-status: HTTP 404 for /refused', stage: 'fetch', stages: ['fetch'] });
      expect(attempts.get('https://x.example/refused')).toBe(1);
      expect(f).toMatchObject({ status: 'skipped', stages: ['fetch', 'parse'] });
      expect(attempts.get('https://x.example/flaky')).toBe(2);
    });
  });
});
