import { createLogger, loadConfig } from '@ingest/config';
import { runUntilSignalled, startHealthServer } from '@ingest/queue';
import { startParser } from './parser';

const config = loadConfig();
const logger = createLogger(config, 'parser');
const parser = startParser(config, logger);
const health = startHealthServer(config.healthPort ?? 9102, logger, parser.ready);
runUntilSignalled(logger, [parser, { close: async () => health.close() }]);
logger.info({ redis: config.redisUrl, concurrency: config.parse.concurrency }, 'parser started');
