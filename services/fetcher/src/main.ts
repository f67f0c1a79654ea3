import { createLogger, loadConfig } from '@ingest/config';
import { runUntilSignalled, startHealthServer } from '@ingest/queue';
import { startFetcher } from './fetcher';

const config = loadConfig();
const logger = createLogger(config, 'fetcher');
const fetcher = startFetcher(config, logger);
const health = startHealthServer(config.healthPort ?? 9101, logger, fetcher.ready);
runUntilSignalled(logger, [fetcher, { close: async () => health.close() }]);
logger.info({ redis: config.redisUrl, concurrency: config.fetch.concurrency }, 'fetcher started');
