import { UnrecoverableError, type Job } from 'bullmq';
import type { Config, Logger } from '@ingest/config';
import { QueueName, type IndexJob, type StageResult } from '@ingest/contracts';
import { metrics } from '@ingest/metrics';
import { createRedisConnection, createStageWorker, elasticsearchChecks, redisAnswers, type StageService } from '@ingest/queue';
import { ArticleBatcher, createSearchClient, type ArticleBatcherOptions, ensureIndices, indexNames, IndexingError, toArticleDocument, type IndexNames } from '@ingest/search';

/** The batcher settings of the indexer (INDEX_*): one writer per job in flight. */
export function batcherOptions(config: Config): ArticleBatcherOptions {
  return { maxDocs: config.index.batchSize, maxWaitMs: config.index.batchMs, maxWaiting: config.index.concurrency, minRefreshIntervalMs: config.index.refreshMs };
}

/**
 * index queue → Elasticsearch. The articles of the jobs in flight share bulk requests
 * (ArticleBatcher: by count, by time, or as soon as every job in flight is waiting); a job
 * is acknowledged only after its own documents came back from the bulk request and the
 * indices were refreshed, so an indexed job is durable and searchable. Per document: a
 * retryable refusal (429, 5xx, Elasticsearch unreachable) fails the job and BullMQ retries it with back-off; a
 * stale version completes it as `noop`; a document the mapping refuses is parked with
 * Elasticsearch's reason.
 */
export function startIndexer(config: Config, logger: Logger): StageService & { prepared(): Promise<void>; flush(): Promise<void> } {
  const connection = createRedisConnection(config.redisUrl);
  const es = createSearchClient(config.elasticsearchUrl);
  let names: IndexNames | undefined;
  let batcher: ArticleBatcher | undefined;
  // One set-up shared by every job in flight (hundreds start at once); a failed one is
  // forgotten, so the jobs fail with its reason and the next attempt tries again.
  let starting: Promise<ArticleBatcher> | undefined;
  const ensure = () =>
    (starting ??= ensureIndices(es, config.indexPrefix).then(
      (n) => {
        names = n;
        return (batcher = new ArticleBatcher(es, n, batcherOptions(config)));
      },
      (err: unknown) => {
        starting = undefined;
        throw err;
      },
    ));

  // The indices are made at start-up, not by the first job; if Elasticsearch is not there
  // yet, the first job tries again (and fails with the reason, to be retried, until it is).
  ensure().catch((err: unknown) => logger.warn({ err }, 'indices not ready yet: the first job will try again'));

  const worker = createStageWorker({
    queue: QueueName.index,
    connection,
    prefix: config.queuePrefix,
    concurrency: config.index.concurrency,
    logger,
    process: async (job: Job<IndexJob, StageResult>, log) => {
      const writer = await ensure();
      const source = job.data.sourceId ?? new URL(job.data.finalUrl).hostname;
      const { url, finalUrl, fetchedAt, contentHash } = job.data;
      const doc = toArticleDocument(job.data.article, { url, finalUrl, fetchedAt, contentHash, source });
      try {
        const written = await writer.write(doc);
        metrics.bulkItems(1 + doc.taskCount);
        log.debug({ articleId: written.articleId, result: written.result, tasks: doc.taskCount }, 'indexed');
        return { outcome: 'indexed', articleId: written.articleId, index: names!.articles, result: written.result };
      } catch (err) {
        metrics.bulkItems(0, 1 + doc.taskCount);
        if (err instanceof IndexingError && !err.retryable) throw new UnrecoverableError(err.message);
        throw err;
      }
    },
  });

  return {
    ready: async () => {
      const aliases = indexNames(config.indexPrefix);
      return { redis: await redisAnswers(connection), ...(await elasticsearchChecks(es, [aliases.articles, aliases.tasks])) };
    },
    /** Resolves once the indices exist and the worker is connected (rejects with the reason). */
    prepared: async () => {
      await ensure();
      await worker.waitUntilReady();
    },
    /** Sends the documents waiting for a bulk request now. */
    flush: async () => {
      await batcher?.flush();
    },
    close: async () => {
      // worker.close() waits for the jobs in hand, which wait for their bulk request:
      // flushing first answers them now instead of after the batch timer.
      const closing = worker.close();
      await batcher?.flush();
      await closing;
      await batcher?.close();
      await es.close();
      connection.disconnect();
    },
  };
}
