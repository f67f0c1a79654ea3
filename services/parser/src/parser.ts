import type { Config, Logger } from '@ingest/config';
import { QueueName } from '@ingest/contracts';
import { countRunPages, createExtractPool, parseStage } from '@ingest/pipeline';
import { createRedisConnection, createStageWorker, PageStore, redisAnswers } from '@ingest/queue';
import { runChecks, type WorkerService } from '@ingest/runtime';
import { RunLedger } from '@ingest/sources';

/**
 * Parse jobs held per extraction thread. With one, a thread sat idle through each job's
 * Redis round trips (page read, hand-on, completion): the next page now waits in the pool's
 * queue instead. PARSE_TIMEOUT_MS counts from when a thread starts on a page, never this wait.
 */
const JOBS_PER_THREAD = 3;

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
    concurrency: config.parse.concurrency * JOBS_PER_THREAD,
    logger,
    lockMs: config.workerLockMs,
    maxStalls: config.workerMaxStalls,
    onJobEnd: countRunPages(QueueName.parse, new RunLedger(connection, config.queuePrefix, { keep: config.sourceRuns.kept })),
    handler: parseStage({ pages: new PageStore(connection, config.queuePrefix, config.pageStoreTtlSeconds), extract: extraction.extract }),
  });
  return {
    // Ready once every extraction thread has loaded the extractor and run it once.
    ready: () => runChecks({ redis: redisAnswers(connection), extraction: () => extraction.warmedUp() }),
    close: async () => {
      await parsing.close();
      await extraction.close();
      connection.disconnect();
    },
  };
}
