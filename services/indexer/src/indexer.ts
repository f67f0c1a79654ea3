import type { Job } from 'bullmq';
import type { Config, Logger } from '@ingest/config';
import { QueueName, type IndexJob, type StageResult } from '@ingest/contracts';
import { metrics } from '@ingest/metrics';
import { createRedisConnection, createStageWorker, elasticsearchChecks, redisAnswers, type StageService } from '@ingest/queue';
import { createSearchClient, ensureIndices, indexNames, toArticleDocument, writeArticle, type IndexNames } from '@ingest/search';

/**
 * index queue → Elasticsearch. A job is acknowledged only after Elasticsearch has the
 * document and it is searchable (refresh=wait_for); while Elasticsearch is unreachable
 * the job fails and BullMQ retries it with back-off, so nothing is lost.
 */
export function startIndexer(config: Config, logger: Logger): StageService {
  const connection = createRedisConnection(config.redisUrl);
  const es = createSearchClient(config.elasticsearchUrl);
  let names: IndexNames | undefined;
  const ensure = async () => (names ??= await ensureIndices(es, config.indexPrefix));

  const worker = createStageWorker({
    queue: QueueName.index,
    connection,
    prefix: config.queuePrefix,
    concurrency: config.index.concurrency,
    logger,
    process: async (job: Job<IndexJob, StageResult>, log) => {
      const target = await ensure();
      const source = job.data.sourceId ?? new URL(job.data.finalUrl).hostname;
      const doc = toArticleDocument(job.data.article, { ...job.data, source });
      const written = await writeArticle(es, target, doc, { refresh: true });
      metrics.bulkItems(1 + doc.taskCount);
      log.debug({ articleId: written.articleId, result: written.result, tasks: doc.taskCount }, 'indexed');
      return { outcome: 'indexed', articleId: written.articleId, index: target.articles, result: written.result };
    },
  });

  return {
    ready: async () => {
      const aliases = indexNames(config.indexPrefix);
      return { redis: await redisAnswers(connection), ...(await elasticsearchChecks(es, [aliases.articles, aliases.tasks])) };
    },
    close: async () => {
      await worker.close();
      await es.close();
      connection.disconnect();
    },
  };
}
