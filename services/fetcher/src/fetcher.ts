import type { Config, Logger } from '@ingest/config';
import { QueueName } from '@ingest/contracts';
import { PoliteFetcher, SeenUrls, type Resolver } from '@ingest/crawl';
import { countRunPages, discoverStage, fetchStage } from '@ingest/pipeline';
import { createRedisConnection, createStageWorker, enqueueVisits, openQueue, PageStore, redisAnswers } from '@ingest/queue';
import { runChecks, type WorkerService } from '@ingest/runtime';
import { SourceCache, SourceRegistry } from '@ingest/sources';

export interface FetcherOptions {
  /** Host name resolution for the SSRF guard (tests map names to private addresses). */
  resolve?: Resolver;
}

/**
 * The fetcher process: the fetch stage (pages) and the discover stage (a source's runs)
 * on one Redis connection and one polite fetcher, so politeness holds across both.
 */
export function startFetcher(config: Config, logger: Logger, opts: FetcherOptions = {}): WorkerService {
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const polite = new PoliteFetcher(connection, config.queuePrefix, { ...config.fetch, ...(opts.resolve ? { resolve: opts.resolve } : {}) });
  const registry = new SourceRegistry(connection, settings, config.sourceRuns);
  const sources = new SourceCache(registry.store);
  const fetchQueue = openQueue(QueueName.fetch, settings);

  const fetching = createStageWorker({
    queue: QueueName.fetch,
    settings,
    concurrency: config.fetch.concurrency,
    logger,
    lockMs: config.workerLockMs,
    maxStalls: config.workerMaxStalls,
    onJobEnd: countRunPages(QueueName.fetch, registry.runs),
    handler: fetchStage({ polite, sources, pages: new PageStore(connection, config.queuePrefix, config.pageStoreTtlSeconds) }),
  });
  const discovering = createStageWorker({
    queue: QueueName.discover,
    settings,
    concurrency: config.discover.concurrency,
    logger,
    lockMs: config.workerLockMs,
    maxStalls: config.workerMaxStalls,
    onJobEnd: countRunPages(QueueName.discover, registry.runs),
    handler: discoverStage({
      sources: registry.store,
      polite,
      seen: new SeenUrls(connection, config.queuePrefix),
      enqueueVisits: (requests) => enqueueVisits(fetchQueue, requests),
      limits: config.discover,
      runs: registry.runs,
    }),
  });

  let sourcesLoaded = true;
  registry.loadFileAndSync(config.sourcesFile).then(
    (n) => config.sourcesFile && logger.info({ file: config.sourcesFile, sources: n }, 'sources loaded from file'),
    (err: unknown) => {
      sourcesLoaded = false;
      logger.error({ err, file: config.sourcesFile }, 'could not load sources; fix the file and restart (sources already in Redis still run)');
    },
  );

  return {
    ready: () => runChecks({ redis: redisAnswers(connection), sources: async () => sourcesLoaded }),
    close: async () => {
      await fetching.close();
      await discovering.close();
      await fetchQueue.close();
      await registry.close();
      connection.disconnect();
    },
  };
}
