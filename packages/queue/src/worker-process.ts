import http from 'node:http';
import { Worker, type Job, type ConnectionOptions, type Processor } from 'bullmq';
import { createLogger, loadConfig, type Config, type Logger } from '@ingest/config';
import type { JobPayloads, QueueName, StageResult } from '@ingest/contracts';

export interface StageWorkerOptions<N extends QueueName> {
  queue: N;
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  logger: Logger;
  process: (job: Job<JobPayloads[N], StageResult>, log: Logger) => Promise<StageResult>;
}

/**
 * A BullMQ worker for one pipeline stage. Every log line about a job carries its id,
 * url and stage; a throw inside `process` fails the job (BullMQ retries or parks it),
 * never the process.
 */
export function createStageWorker<N extends QueueName>(opts: StageWorkerOptions<N>): Worker<JobPayloads[N], StageResult> {
  const processor: Processor<JobPayloads[N], StageResult> = async (job) => {
    const log = opts.logger.child({ stage: opts.queue, jobId: job.id, url: job.data.url, visitId: job.data.visitId, sourceId: job.data.sourceId });
    const started = Date.now();
    try {
      const result = await opts.process(job, log);
      log.info({ ms: Date.now() - started, outcome: result.outcome }, 'job done');
      return result;
    } catch (err) {
      log.warn({ err, attempt: job.attemptsMade + 1, ms: Date.now() - started }, 'job failed');
      throw err;
    }
  };
  const worker = new Worker<JobPayloads[N], StageResult>(opts.queue, processor, {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    autorun: true,
  });
  worker.on('error', (err) => opts.logger.error({ err, stage: opts.queue }, 'worker error'));
  worker.on('failed', (job, err) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      opts.logger.error({ stage: opts.queue, jobId: job.id, url: job.data.url, reason: err.message }, 'job parked in failed set');
    }
  });
  return worker;
}

export interface Closable {
  close(): Promise<unknown>;
}

/**
 * Runs until SIGTERM/SIGINT, then closes everything in order: workers first (they finish
 * the jobs in hand, bounded by `drainTimeoutMs`), then connections. A second SIGINT forces.
 */
export function runUntilSignalled(logger: Logger, closables: Closable[], drainTimeoutMs = 30_000): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      if (signal === 'SIGINT') {
        logger.warn('second SIGINT: exiting now');
        process.exit(130);
      }
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight jobs');
    const timer = setTimeout(() => {
      logger.error({ drainTimeoutMs }, 'drain timed out: exiting; unfinished jobs will be retried elsewhere');
      process.exit(1);
    }, drainTimeoutMs);
    timer.unref();
    for (const c of closables) {
      try {
        await c.close();
      } catch (err) {
        logger.warn({ err }, 'error while closing');
      }
    }
    logger.info('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** A tiny /healthz server for worker processes (the API has its own routes). */
export function startHealthServer(port: number, logger: Logger, isReady: () => Promise<boolean>): http.Server {
  const server = http.createServer(async (req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.url === '/readyz') {
      const ready = await isReady().catch(() => false);
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ready }));
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(port, '0.0.0.0', () => logger.info({ port: (server.address() as { port: number }).port }, 'health server listening'));
  return server;
}

/**
 * The whole life of a worker process: config, logger, the stage itself, its health
 * server, and a clean stop on SIGTERM. Each service's main.ts is one call to this.
 */
export async function runWorkerService(
  name: string,
  defaultHealthPort: number,
  start: (config: Config, logger: Logger) => Closable & { ready(): Promise<boolean> },
): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, name);
  const stage = start(config, logger);
  const health = startHealthServer(config.healthPort ?? defaultHealthPort, logger, stage.ready);
  runUntilSignalled(logger, [stage, { close: async () => health.close() }]);
  logger.info({ redis: config.redisUrl, elasticsearch: config.elasticsearchUrl }, `${name} started`);
}
