import { UnrecoverableError, type Job } from 'bullmq';
import type { Config, Logger } from '@ingest/config';
import { QueueName, type FetchJob, type StageResult } from '@ingest/contracts';
import { fetchPage, FetchError, normalizeUrl } from '@ingest/crawl';
import { metrics } from '@ingest/metrics';
import { createRedisConnection, createStageWorker, openQueue, PageStore, type Closable } from '@ingest/queue';

/**
 * fetch queue → HTTP → raw page into the page store → parse queue.
 * A refusal that cannot change on retry (404, not HTML, too large, redirect loop) parks
 * the job in BullMQ's failed set with its reason; anything else is retried with back-off.
 */
export function startFetcher(config: Config, logger: Logger): Closable & { ready(): Promise<boolean> } {
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const parseQueue = openQueue(QueueName.parse, settings);
  const pages = new PageStore(connection, config.queuePrefix, config.pageStoreTtlSeconds);

  const worker = createStageWorker({
    queue: QueueName.fetch,
    ...settings,
    concurrency: config.fetch.concurrency,
    logger,
    process: async (job: Job<FetchJob, StageResult>, log) => {
      let url: string;
      try {
        url = normalizeUrl(job.data.url);
      } catch {
        throw new UnrecoverableError(`invalid-url: ${job.data.url}`);
      }
      let page;
      try {
        page = await fetchPage(url, config.fetch);
      } catch (err) {
        if (err instanceof FetchError) metrics.fetchOutcome(err.status, err.reason);
        if (err instanceof FetchError && !err.retryable) throw new UnrecoverableError(err.message);
        throw err;
      }
      metrics.fetchOutcome(page.status, 'ok', page.body.length);
      log.debug({ status: page.status, bytes: page.body.length, ms: page.ms, redirects: page.redirects.length }, 'fetched');
      const pageRef = await pages.put(page.contentHash, page.body);
      const jobId = job.data.visitId;
      await parseQueue.add(
        'parse',
        {
          visitId: job.data.visitId,
          ...(job.data.sourceId ? { sourceId: job.data.sourceId } : {}),
          requestedAt: job.data.requestedAt,
          url,
          finalUrl: normalizeUrl(page.finalUrl),
          pageRef,
          fetchedAt: page.fetchedAt,
          httpStatus: page.status,
          contentType: page.contentType,
          contentHash: page.contentHash,
        },
        { jobId },
      );
      return { outcome: 'handed-on', next: QueueName.parse, jobId };
    },
  });

  return {
    ready: async () => (await connection.ping()) === 'PONG',
    close: async () => {
      await worker.close();
      await parseQueue.close();
      connection.disconnect();
    },
  };
}
