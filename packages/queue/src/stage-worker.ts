import { performance } from 'node:perf_hooks';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { lazyChild, type Logger } from '@ingest/config';
import { StageError, type HandOn, type JobPayloads, type QueueName, type StageOutcome, type StageResult, type WaitOutcome } from '@ingest/contracts';
import { metrics } from '@ingest/metrics';
import { bullmqPrefix, openQueue, type QueueSettings, type TypedQueue } from './queues';
import { SlotRamp } from './slot-ramp';

/** What a stage handler may ask of the queue while it works on one job. */
export interface StageContext<N extends QueueName> {
  /** Carries the job's stage, id, url, visit and source on every line. */
  log: Logger;
  /** Identifies this attempt to a host lease (the job's lock token). */
  token: string;
  /** The BullMQ job's id (a discover job's is its run's id). */
  jobId: string;
  /** Saves the job's data now: progress that must survive a crash or a delay. */
  save(data: JobPayloads[N]): Promise<void>;
}

/** One stage's work on one job: its data in, an outcome out; a throw fails the attempt. */
export type StageHandler<N extends QueueName> = (data: JobPayloads[N], ctx: StageContext<N>) => Promise<StageOutcome<N>>;

/** How a job ended for good: the result it completed with, or the error that parked it. */
export type JobEnd = { result: StageResult } | { parked: unknown };

export interface StageWorkerOptions<N extends QueueName> {
  queue: N;
  settings: QueueSettings;
  concurrency: number;
  logger: Logger;
  handler: StageHandler<N>;
  /** Job lock and stalled-check interval in ms (WORKER_LOCK_MS); BullMQ's 30 s when unset. */
  lockMs?: number;
  /** Returns from a dead worker before the job is parked (WORKER_MAX_STALLS); BullMQ's 1 when unset. */
  maxStalls?: number;
  /**
   * Told when a job ends for good, before BullMQ records it (e.g. a source run's counters).
   * A redelivered job calls it again, so it must be idempotent. When it throws on a
   * completed job, the attempt fails and is retried; on a parked one, it is logged. A job
   * parked by the stall limit (never handed to the handler) is told after BullMQ recorded
   * it, with a `worker-lost` StageError.
   */
  onJobEnd?: (data: JobPayloads[N], end: JobEnd, jobId: string) => Promise<void>;
}

export interface StageWorker {
  waitUntilReady(): Promise<void>;
  /** Stops taking jobs, waits for the ones in hand (their results are handed on), closes. */
  close(): Promise<void>;
}

/** Context of every log line about a job: which stage, which job, which page, which source. */
function jobContext(stage: string, job: Job): Record<string, unknown> {
  const data = job.data as { url?: string; visitId?: string; sourceId?: string };
  return { stage, jobId: job.id, url: data.url, visitId: data.visitId, sourceId: data.sourceId };
}

/** Parked for good: refused by the stage, or out of attempts. */
function isFinal(job: Job, err: unknown): boolean {
  return err instanceof UnrecoverableError || (err instanceof StageError && !err.retryable) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * The one owner of BullMQ mechanics for a pipeline stage. The handler returns what
 * happened; here that becomes queue operations: a hand-on is added to the next queue
 * under the visit's id, a wait keeps the job's place and delays it without using an
 * attempt, a StageError that is not retryable parks the job with its message, anything
 * else thrown is retried with the queue's back-off. Every attempt is logged with the job's
 * context, timed and counted; a throw fails the job, never the process.
 */
export function createStageWorker<N extends QueueName>(opts: StageWorkerOptions<N>): StageWorker {
  const stage = opts.queue;
  const slots = new SlotRamp(opts.concurrency);
  const { handOn, close: closeNext } = nextStages(opts.settings);

  const process = async (job: Job<JobPayloads[N], StageResult>): Promise<StageResult> => {
    slots.started(worker);
    const log = lazyChild(opts.logger, () => jobContext(stage, job));
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const ctx: StageContext<N> = { log, token: job.token ?? job.id!, jobId: job.id!, save: (data) => job.updateData(data) };
      const outcome = await opts.handler(job.data, ctx);
      if (outcome.outcome === 'wait') return await putAside(job, outcome, log);
      const result = outcome.outcome === 'handed-on' ? await handOn(outcome) : outcome;
      await opts.onJobEnd?.(job.data, { result }, job.id!);
      metrics.jobAttempt(stage, result.outcome, seconds());
      // Every job, every stage: at debug, so that the hot path formats nothing by default
      // (metrics count and time each attempt; failures and parked jobs are logged above debug).
      log.debug({ ms: Math.round(seconds() * 1000), outcome: result.outcome }, 'job done');
      return result;
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      const parked = isFinal(job, err);
      metrics.jobAttempt(stage, 'failed', seconds());
      metrics.jobFailed(stage, err, parked);
      log.warn({ err, attempt: job.attemptsMade + 1, ms: Math.round(seconds() * 1000) }, 'job failed');
      if (parked) await opts.onJobEnd?.(job.data, { parked: err }, job.id!).catch((hookErr: unknown) => log.error({ err: hookErr }, 'could not record the end of a parked job'));
      if (err instanceof StageError && !err.retryable) throw new UnrecoverableError(err.message);
      throw err;
    } finally {
      slots.ended(worker);
    }
  };

  const worker = new Worker<JobPayloads[N], StageResult>(stage, process, {
    connection: opts.settings.connection,
    prefix: bullmqPrefix(opts.settings),
    concurrency: slots.initial,
    autorun: true,
    ...(opts.lockMs ? { lockDuration: opts.lockMs, stalledInterval: opts.lockMs } : {}),
    ...(opts.maxStalls !== undefined ? { maxStalledCount: opts.maxStalls } : {}),
  });
  const lostEnds = watchWorker(worker, opts);
  return {
    waitUntilReady: async () => {
      await worker.waitUntilReady();
    },
    close: async () => {
      await worker.close();
      await Promise.all(lostEnds);
      await closeNext();
    },
  };
}

/** The queues a stage hands on to, opened when first needed; a hand-on is added under the visit's id. */
function nextStages(settings: StageWorkerOptions<QueueName>['settings']) {
  const next = new Map<QueueName, TypedQueue<'parse' | 'index'>>();
  const handOn = async (outcome: HandOn): Promise<StageResult> => {
    let queue = next.get(outcome.next);
    if (!queue) next.set(outcome.next, (queue = openQueue(outcome.next, settings) as TypedQueue<'parse' | 'index'>));
    const jobId = outcome.job.visitId;
    await queue.add(outcome.next, outcome.job, { jobId });
    return { outcome: 'handed-on', next: outcome.next, jobId };
  };
  return { handOn, close: () => Promise.all([...next.values()].map((q) => q.close())) };
}

/**
 * The worker's own events: errors, stalled jobs, parked jobs. Returns the records of lost
 * jobs' ends still being written, so closing can wait for them.
 */
function watchWorker<N extends QueueName>(worker: Worker<JobPayloads[N], StageResult>, opts: StageWorkerOptions<N>): Set<Promise<void>> {
  const stage = opts.queue;
  const lostEnds = new Set<Promise<void>>();
  worker.on('error', (err) => opts.logger.error({ err, stage }, 'worker error'));
  // A job whose worker died mid-way (lock expired): BullMQ puts it back in the queue.
  worker.on('stalled', (jobId) => opts.logger.warn({ stage, jobId }, 'stalled job returned to the queue'));
  worker.on('failed', (job, err) => {
    if (job?.deferredFailure) {
      const recorded = parkLostJob(job, err, opts).finally(() => lostEnds.delete(recorded));
      lostEnds.add(recorded);
    } else if (job && (err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1))) {
      opts.logger.error({ ...jobContext(stage, job), reason: err.message }, 'job parked in failed set');
    }
  });
  return lostEnds;
}

/**
 * A job BullMQ failed without running it: the stalled checker found its lock gone more than
 * `maxStalledCount` times (its workers died on it) and marked it; the next worker to take it
 * (this one, whichever replica) failed it at once and emitted 'failed' here, the only place
 * that learns of it. Its end is recorded as `worker-lost`; onJobEnd counts it once even if
 * this runs again.
 */
async function parkLostJob<N extends QueueName>(job: Job<JobPayloads[N], StageResult>, err: Error, opts: StageWorkerOptions<N>): Promise<void> {
  const lost = new StageError('worker-lost', `worker-lost: ${err.message} (its worker died on it more than WORKER_MAX_STALLS=${opts.maxStalls ?? 1} times)`, false);
  metrics.jobFailed(opts.queue, lost, true);
  opts.logger.error({ ...jobContext(opts.queue, job), reason: lost.message }, 'job parked in failed set');
  await opts.onJobEnd?.(job.data, { parked: lost }, job.id!).catch((hookErr: unknown) => opts.logger.error({ err: hookErr, jobId: job.id }, 'could not record the end of a parked job'));
}

/** Not this host's turn: the job keeps its place in line (saved in its data) and steps aside. */
async function putAside<N extends QueueName>(job: Job<JobPayloads[N], StageResult>, wait: WaitOutcome<N>, log: Logger): Promise<never> {
  metrics.politenessWait(wait.host, wait.ms / 1000);
  await job.updateData(wait.data);
  await job.moveToDelayed(Date.now() + wait.ms, job.token);
  log.debug({ waitMs: wait.ms, host: wait.host }, 'job delayed');
  throw new DelayedError(`host busy: waiting ${wait.ms} ms for ${wait.host}`);
}
