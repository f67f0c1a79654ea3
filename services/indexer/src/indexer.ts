import type { Job } from 'bullmq';
import type { Config, Logger } from '@ingest/config';
import { QueueName, type IndexJob, type StageResult } from '@ingest/contracts';
import { createRedisConnection, createStageWorker, type Closable } from '@ingest/queue';
import { createSearchClient, ensureIndices, toArticleDocument, writeArticle, type IndexNames } from '@ingest/search';

/**
 * index queue → Elasticsearch. A job is acknowledged only after Elasticsearch has the
 * document and it is searchable (refresh=wait_for); while Elasticsearch is unreachable
 * the job fails and BullMQ retries it with back-off, so nothing is lost.
 */
export function startIndexer(config: Config, logger: Logger): Closable & { ready(): Promise<boolean> } {
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
      log.debug({ articleId: written.articleId, result: written.result, tasks: doc.taskCount }, 'indexed');
      return { outcome: 'indexed', articleId: written.articleId, index: target.articles, result: written.result };
    },
  });

  return {
    ready: async () => {
      const [redisOk, esOk] = await Promise.all([connection.ping().then((r) => r === 'PONG', () => false), es.cluster.health({ timeout: '2s' }).then((h) => h.status !== 'red', () => false)]);
      return redisOk && esOk;
    },
    close: async () => {
      await worker.close();
      await es.close();
      connection.disconnect();
    },
  };
}
