import type { Config, Logger } from '@ingest/config';
import { QueueName } from '@ingest/contracts';
import { createExtractPool, parseStage } from '@ingest/pipeline';
import { createRedisConnection, createStageWorker, PageStore, redisAnswers } from '@ingest/queue';
import { runChecks, type WorkerService } from '@ingest/runtime';

export interface ParserOptions {
  /** The module extraction threads run instead of the extractor (tests: a page that never ends). */
  extractModule?: URL;
}

/**
 * The parser process: the parse stage on the parse queue, reading raw pages from the page
 * store, extracting in a pool of PARSE_CONCURRENCY threads limited to PARSE_TIMEOUT_MS a page.
 */
export function startParser(config: Config, logger: Logger, opts: ParserOptions = {}): WorkerService {
  const connection = createRedisConnection(config.redisUrl);
  const extraction = createExtractPool({ threads: config.parse.concurrency, timeoutMs: config.parse.timeoutMs, extractModule: opts.extractModule, logger });
  const parsing = createStageWorker({
    queue: QueueName.parse,
    settings: { connection, prefix: config.queuePrefix },
    concurrency: config.parse.concurrency,
    logger,
    lockMs: config.workerLockMs,
    maxStalls: config.workerMaxStalls,
    handler: parseStage({ pages: new PageStore(connection, config.queuePrefix, config.pageStoreTtlSeconds), extract: extraction.extract }),
  });
  return {
    ready: () => runChecks({ redis: redisAnswers(connection) }),
    close: async () => {
      await parsing.close();
      await extraction.close();
      connection.disconnect();
    },
  };
}
