import { createLogger, loadConfig } from '@ingest/config';
import { runUntilSignalled, startHealthServer } from '@ingest/queue';
import { startIndexer } from './indexer';

const config = loadConfig();
const logger = createLogger(config, 'indexer');
const indexer = startIndexer(config, logger);
const health = startHealthServer(config.healthPort ?? 9103, logger, indexer.ready);
runUntilSignalled(logger, [indexer, { close: async () => health.close() }]);
logger.info({ redis: config.redisUrl, elasticsearch: config.elasticsearchUrl }, 'indexer started');
