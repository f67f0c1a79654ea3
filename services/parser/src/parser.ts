import type { Config, Logger } from '@ingest/config';
import { QueueName } from '@ingest/contracts';
import { parseStage } from '@ingest/pipeline';
import { createRedisConnection, createStageWorker, PageStore, redisAnswers } from '@ingest/queue';
import { runChecks, type WorkerService } from '@ingest/runtime';

/** The parser process: the parse stage on the parse queue, reading raw pages from the page store. */
export function startParser(config: Config, logger: Logger): WorkerService {
  const connection = createRedisConnection(config.redisUrl);
  const parsing = createStageWorker({
    queue: QueueName.parse,
    settings: { connection, prefix: config.queuePrefix },
    concurrency: config.parse.concurrency,
    logger,
    handler: parseStage({ pages: new PageStore(connection, config.queuePrefix, config.pageStoreTtlSeconds) }),
  });
  return {
    ready: () => runChecks({ redis: redisAnswers(connection) }),
    close: async () => {
      await parsing.close();
      connection.disconnect();
    },
  };
}
