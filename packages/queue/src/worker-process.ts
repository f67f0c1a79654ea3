import { performance } from 'node:perf_hooks';
import { DelayedError, UnrecoverableError, Worker, type Job, type ConnectionOptions, type Processor } from 'bullmq';
import { createLogger, lazyChild, loadConfig, maskUrlPassword, type Config, type Logger } from '@ingest/config';
import type { JobPayloads, QueueName, StageResult } from '@ingest/contracts';
import { metrics } from '@ingest/metrics';
import { startHealthServer, type ReadinessChecks } from './health';

export interface StageWorkerOptions<N extends QueueName> {
  queue: N;
  connection: ConnectionOptions;
  prefix: string;
  concurrency: number;
  logger: Logger;
  process: (job: Job<JobPayloads[N], StageResult>, log: Logger) => Promise<StageResult>;
}

/** Context of every log line about a job: which stage, which job, which page, which source. */
function jobContext(stage: string, job: Job): Record<string, unknown> {
  const data = job.data as { url?: string; visitId?: string; sourceId?: string };
  return { stage, jobId: job.id, url: data.url, visitId: data.visitId, sourceId: data.sourceId };
}

/**
 * A BullMQ worker for one pipeline stage. Every log line about a job carries its id,
 * url, source and stage; every attempt is timed and counted (metrics); a throw inside
 * `process` fails the job (BullMQ retries or parks it), never the process.
 */
export function createStageWorker<N extends QueueName>(opts: StageWorkerOptions<N>): Worker<JobPayloads[N], StageResult> {
  const stage = opts.queue;
  const slots = new SlotRamp(opts.concurrency);
  const processor: Processor<JobPayloads[N], StageResult> = async (job) => {
    slots.started(worker);
    const log = lazyChild(opts.logger, () => jobContext(stage, job));
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await opts.process(job, log);
      metrics.jobAttempt(stage, result.outcome, seconds());
      if (result.outcome === 'indexed') metrics.indexedFreshness((job.data as { requestedAt?: number }).requestedAt);
      log.info({ ms: Math.round(seconds() * 1000), outcome: result.outcome }, 'job done');
      return result;
    } catch (err) {
      // A job put aside until later (the fetcher's per-host politeness) has not failed.
      if (err instanceof DelayedError) {
        log.debug({ reason: err.message }, 'job delayed');
        throw err;
      }
      const parked = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      metrics.jobAttempt(stage, 'failed', seconds());
      metrics.jobFailed(stage, err, parked);
      log.warn({ err, attempt: job.attemptsMade + 1, ms: Math.round(seconds() * 1000) }, 'job failed');
      throw err;
    } finally {
      slots.ended(worker);
    }
  };
  const worker = new Worker<JobPayloads[N], StageResult>(stage, processor, {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: slots.initial,
    autorun: true,
  });
  worker.on('error', (err) => opts.logger.error({ err, stage }, 'worker error'));
  // A job whose worker died mid-way (lock expired): BullMQ puts it back in the queue.
  worker.on('stalled', (jobId) => opts.logger.warn({ stage, jobId }, 'stalled job returned to the queue'));
  worker.on('failed', (job, err) => {
    if (job && (err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1))) {
      opts.logger.error({ ...jobContext(stage, job), reason: err.message }, 'job parked in failed set');
    }
  });
  return worker;
}

/**
 * How many jobs a worker may hold, grown as they arrive. BullMQ fills every free slot (one
 * Redis round trip a job, ~0.5 ms here) before it starts any job it fetched, so a worker of
 * 2,000 slots started nothing for a second after each lull. Here a worker with many slots
 * starts with a few, doubles them each time they are all taken, up to its concurrency, and
 * starts with a few again once it has finished every job it had. (Shrinking it as jobs end
 * made BullMQ fetch one job a round trip instead of with each completion; its 'drained'
 * event is no sign of a lull: under load it fired with thousands of jobs still waiting.)
 */
class SlotRamp {
  static readonly FEW = 32;
  private active = 0;

  constructor(private readonly max: number) {}

  get initial(): number {
    return Math.min(this.max, SlotRamp.FEW);
  }

  started(worker: Worker): void {
    if (++this.active >= worker.concurrency && worker.concurrency < this.max) worker.concurrency = Math.min(this.max, worker.concurrency * 2);
  }

  ended(worker: Worker): void {
    if (--this.active === 0 && worker.concurrency !== this.initial) worker.concurrency = this.initial;
  }
}

export interface Closable {
  close(): Promise<unknown>;
}

export interface ShutdownHandle {
  /** True from the first SIGTERM/SIGINT on. */
  readonly stopping: boolean;
}

/**
 * Runs until SIGTERM/SIGINT, then closes everything in order: workers first (BullMQ's
 * close stops taking jobs and waits for the ones in hand, so their results are handed
 * on), then connections. The drain is bounded by `drainTimeoutMs`: past it the process
 * exits, and a job still in hand is recovered by BullMQ's stalled-job check and run
 * again (ids are deterministic, so running it twice writes the same documents).
 * A second SIGINT exits at once.
 */
export function runUntilSignalled(logger: Logger, closables: Closable[], drainTimeoutMs = 30_000): ShutdownHandle {
  const handle = { stopping: false };
  const stop = async (signal: string) => {
    if (handle.stopping) {
      if (signal === 'SIGINT') {
        logger.warn('second SIGINT: exiting now');
        process.exit(130);
      }
      return;
    }
    handle.stopping = true;
    logger.info({ signal, drainTimeoutMs }, 'shutting down: draining in-flight jobs');
    const timer = setTimeout(() => {
      logger.error({ drainTimeoutMs }, 'drain timed out: exiting; unfinished jobs return to the queue as stalled and run again');
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
  return handle;
}

/** What a stage's start function returns: closable, and able to say whether its backends answer. */
export interface StageService extends Closable {
  /** Named checks (`{redis, elasticsearch, aliases}`), or one boolean; each check must bound its own wait. */
  ready(): Promise<boolean | ReadinessChecks>;
}

/**
 * The whole life of a worker process: config, logger, the stage itself, its health
 * server (/healthz, /readyz, /metrics), and a clean stop on SIGTERM. Each service's
 * main.ts is one call to this.
 */
export async function runWorkerService(name: string, defaultHealthPort: number, start: (config: Config, logger: Logger) => StageService): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, name);
  const stage = start(config, logger);
  let shutdown: ShutdownHandle | undefined;
  const health = startHealthServer(config.healthPort ?? defaultHealthPort, logger, () => stage.ready(), { isStopping: () => shutdown?.stopping ?? false });
  // The stage drains first; the health server answers (503 on /readyz) until then.
  shutdown = runUntilSignalled(logger, [stage, { close: () => new Promise((r) => (health.close(r), health.closeAllConnections())) }], config.shutdownTimeoutMs);
  logger.info({ redis: maskUrlPassword(config.redisUrl), elasticsearch: maskUrlPassword(config.elasticsearchUrl) }, `${name} started`);
}
