import type { Config, Logger } from '@ingest/config';
import { QueueName } from '@ingest/contracts';
import { countRunPages, indexStage } from '@ingest/pipeline';
import { createRedisConnection, createStageWorker, redisAnswers } from '@ingest/queue';
import { runChecks, type WorkerService } from '@ingest/runtime';
import { RunLedger } from '@ingest/sources';
import { ArticleBatcher, createSearchClient, elasticsearchChecks, ensureIndices, indexNames, StoryRegistry, type ArticleBatcherOptions } from '@ingest/search';

/** The batcher settings of the indexer (INDEX_*): one writer per job in flight. */
export function batcherOptions(config: Config): ArticleBatcherOptions {
  return { maxDocs: config.index.batchSize, maxWaitMs: config.index.batchMs, maxWaiting: config.index.concurrency, minRefreshIntervalMs: config.index.refreshMs };
}

/**
 * The indexer process: the index stage on the index queue. The articles of the jobs in
 * flight share bulk requests (ArticleBatcher: by count, by time, or as soon as every job
 * in flight is waiting); a job is acknowledged only after its own documents came back and
 * the indices were refreshed, so an indexed job is durable and searchable.
 */
export function startIndexer(config: Config, logger: Logger): WorkerService & { prepared(): Promise<void>; flush(): Promise<void> } {
  const connection = createRedisConnection(config.redisUrl);
  const es = createSearchClient(config.elasticsearchUrl);
  const names = indexNames(config.indexPrefix);
  const writer = sharedWriter(config, es);
  // The indices are made at start-up, not by the first job; if Elasticsearch is not there
  // yet, the first job tries again (and fails with the reason, to be retried, until it is).
  writer.get().catch((err: unknown) => logger.warn({ err }, 'indices not ready yet: the first job will try again'));

  const indexing = createStageWorker({
    queue: QueueName.index,
    settings: { connection, prefix: config.queuePrefix },
    concurrency: config.index.concurrency,
    logger,
    lockMs: config.workerLockMs,
    maxStalls: config.workerMaxStalls,
    onJobEnd: countRunPages(QueueName.index, new RunLedger(connection, config.queuePrefix, { keep: config.sourceRuns.kept })),
    handler: indexStage({ writer: writer.get, articlesIndex: names.articles, stories: new StoryRegistry(connection, config.queuePrefix) }),
  });

  return {
    ready: () => runChecks({ redis: redisAnswers(connection), ...elasticsearchChecks(es, [names.articles, names.tasks]) }),
    /** Resolves once the indices exist and the worker is connected (rejects with the reason). */
    prepared: async () => {
      await writer.get();
      await indexing.waitUntilReady();
    },
    /** Sends the documents waiting for a bulk request now. */
    flush: async () => {
      await writer.current()?.flush();
    },
    close: async () => {
      // Closing waits for the jobs in hand, which wait for their bulk request: flushing
      // first answers them now instead of after the batch timer.
      const closing = indexing.close();
      await writer.current()?.flush();
      await closing;
      await writer.current()?.close();
      await es.close();
      connection.disconnect();
    },
  };
}

/**
 * One batcher shared by every job in flight (hundreds start at once), made once the
 * indices exist. A failed set-up is forgotten, so the jobs fail with its reason and the
 * next attempt tries again.
 */
function sharedWriter(config: Config, es: ReturnType<typeof createSearchClient>) {
  let batcher: ArticleBatcher | undefined;
  let starting: Promise<ArticleBatcher> | undefined;
  const get = (): Promise<ArticleBatcher> =>
    (starting ??= ensureIndices(es, config.indexPrefix).then(
      (names) => (batcher = new ArticleBatcher(es, names, batcherOptions(config))),
      (err: unknown) => {
        starting = undefined;
        throw err;
      },
    ));
  return { get, current: () => batcher };
}
