import { createLogger, loadConfig, maskUrlPassword, type Config, type Logger } from '@ingest/config';
import { startHealthServer } from './health-server';
import type { ReadinessChecks } from './readiness';
import { runUntilSignalled, type Closable, type ShutdownHandle } from './signals';

/** What a worker's start function returns: closable, and able to say whether its backends answer. */
export interface WorkerService extends Closable {
  /** Named checks (`{redis, elasticsearch, aliases}`), each bounded (see runChecks). */
  ready(): Promise<ReadinessChecks>;
}

/**
 * The whole life of a worker process: config, logger, the worker itself, its health
 * server (/healthz, /readyz, /metrics), and a clean stop on SIGTERM. Each service's
 * main.ts is one call to this.
 */
export async function runWorkerService(name: string, defaultHealthPort: number, start: (config: Config, logger: Logger) => WorkerService): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, name);
  const service = start(config, logger);
  let shutdown: ShutdownHandle | undefined;
  const health = startHealthServer(config.healthPort ?? defaultHealthPort, logger, () => service.ready(), { isStopping: () => shutdown?.stopping ?? false });
  // The worker drains first; the health server answers (503 on /readyz) until then.
  shutdown = runUntilSignalled(logger, [service, { close: () => new Promise((r) => (health.close(r), health.closeAllConnections())) }], config.shutdownTimeoutMs);
  logger.info({ redis: maskUrlPassword(config.redisUrl), elasticsearch: maskUrlPassword(config.elasticsearchUrl) }, `${name} started`);
}
