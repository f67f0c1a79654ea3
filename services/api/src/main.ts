import { createLogger, loadConfig } from '@ingest/config';
import { runUntilSignalled } from '@ingest/runtime';
import { buildApi } from './app';

const config = loadConfig();
const logger = createLogger(config, 'api');
const app = await buildApi(config, logger);
await app.listen({ host: config.apiHost, port: config.apiPort });
runUntilSignalled(logger, [app], config.shutdownTimeoutMs);
