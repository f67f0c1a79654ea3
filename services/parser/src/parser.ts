import { UnrecoverableError, type Job } from 'bullmq';
import type { Config, Logger } from '@ingest/config';
import { QueueName, toIndexedArticle, type ParseJob, type StageResult } from '@ingest/contracts';
import { decodeBody } from '@ingest/crawl';
import { extract } from '@ingest/extract';
import { metrics } from '@ingest/metrics';
import { createRedisConnection, createStageWorker, openQueue, PageStore, redisAnswers, type StageService } from '@ingest/queue';

/** parse queue → raw page from the store → extract() → index queue. */
export function startParser(config: Config, logger: Logger): StageService {
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const indexQueue = openQueue(QueueName.index, settings);
  const pages = new PageStore(connection, config.queuePrefix, config.pageStoreTtlSeconds);

  const worker = createStageWorker({
    queue: QueueName.parse,
    ...settings,
    concurrency: config.parse.concurrency,
    logger,
    process: async (job: Job<ParseJob, StageResult>, log) => {
      const raw = await pages.get(job.data.pageRef);
      if (!raw) throw new UnrecoverableError(`page-expired: raw page ${job.data.pageRef} is no longer in the page store; crawl it again`);
      const { text, charset } = decodeBody(raw, job.data.contentType);
      const article = extract(text, job.data.finalUrl);
      metrics.extractionWarnings(article.warnings);
      if (article.warnings.length) log.info({ warnings: article.warnings, charset }, 'extraction warnings');
      if (!article.title && !article.body) return { outcome: 'skipped', reason: `not-an-article: ${article.warnings.join('; ') || 'no title and no body'}` };
      const jobId = job.data.visitId;
      await indexQueue.add(
        'index',
        {
          visitId: job.data.visitId,
          ...(job.data.sourceId ? { sourceId: job.data.sourceId } : {}),
          requestedAt: job.data.requestedAt,
          url: job.data.url,
          finalUrl: job.data.finalUrl,
          fetchedAt: job.data.fetchedAt,
          contentHash: job.data.contentHash,
          article: toIndexedArticle(article),
        },
        { jobId },
      );
      return { outcome: 'handed-on', next: QueueName.index, jobId };
    },
  });

  return {
    ready: async () => ({ redis: await redisAnswers(connection) }),
    close: async () => {
      await worker.close();
      await indexQueue.close();
      connection.disconnect();
    },
  };
}
