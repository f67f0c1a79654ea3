import { Job, Queue, type QueueEvents } from 'bullmq';
import { QueueName, type DiscoverResult, type SkipCode, type StageResult } from '@ingest/contracts';
import { bullmqPrefix, openQueueEvents, type QueueSettings } from './queues';

export type VisitOutcome =
  | { status: 'indexed'; articleId: string; index: string; result: string; stages: QueueName[] }
  | { status: 'skipped'; code: SkipCode; reason: string; stage: QueueName; stages: QueueName[] }
  | { status: 'failed'; reason: string; stage: QueueName; stages: QueueName[] };

/**
 * Follows one page visit through the stages. Each stage names the job it handed on to in
 * its result, so a caller can wait for the end of the chain without any side channel.
 */
export async function followVisit(settings: QueueSettings, visitId: string, timeoutMs = 120_000): Promise<VisitOutcome> {
  const deadline = Date.now() + timeoutMs;
  let stage: QueueName = QueueName.fetch;
  let jobId = visitId;
  const stages: QueueName[] = [];
  for (;;) {
    stages.push(stage);
    const ended = await waitForJob(settings, stage, jobId, deadline);
    if ('error' in ended) return { status: 'failed', reason: ended.error, stage, stages };
    const result = ended.result as StageResult;
    if (result.outcome === 'indexed') return { status: 'indexed', articleId: result.articleId, index: result.index, result: result.result, stages };
    if (result.outcome === 'skipped') return { status: 'skipped', code: result.code, reason: result.reason, stage, stages };
    if (result.outcome !== 'handed-on') return { status: 'failed', reason: `unexpected ${result.outcome} result from ${stage} job ${jobId}`, stage, stages };
    stage = result.next;
    jobId = result.jobId;
  }
}

/** Waits for one run of a source (a discover job) to end: its result, or why it failed. */
export async function followRun(settings: QueueSettings, runId: string, timeoutMs = 120_000): Promise<DiscoverResult | { error: string }> {
  const ended = await waitForJob(settings, QueueName.discover, runId, Date.now() + timeoutMs);
  return 'error' in ended ? ended : (ended.result as DiscoverResult);
}

/**
 * Waits for a job's final outcome. Events do the waiting, but a QueueEvents stream starts
 * reading at "now", so an event emitted in the instant before it begins reading is never
 * seen; short waits with a look at the job's state in between close that gap. A failed
 * attempt with retries left is not final either: the job is delayed, not dead.
 */
async function waitForJob(settings: QueueSettings, name: QueueName, jobId: string, deadline: number): Promise<{ result: unknown } | { error: string }> {
  const queue = new Queue(name, { connection: settings.connection, prefix: bullmqPrefix(settings) });
  const events = openQueueEvents(name, settings);
  try {
    await events.waitUntilReady();
    const job = await Job.fromId(queue, jobId);
    if (!job) return { error: `job ${jobId} not found in queue ${name}` };
    return await finalOutcome(job, events, queue, deadline);
  } finally {
    await events.close();
    await queue.close();
  }
}

async function finalOutcome(job: Job, events: QueueEvents, queue: Queue, deadline: number): Promise<{ result: unknown } | { error: string }> {
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return { error: `timed out waiting for ${queue.name} job ${job.id}` };
    try {
      return { result: await job.waitUntilFinished(events, Math.min(left, 2_000)) };
    } catch (err) {
      // The state first, then the job: a job read while active and completing in between
      // would say "completed" with no return value yet.
      const state = await queue.getJobState(job.id!);
      if (state === 'completed' || state === 'failed') {
        const done = await Job.fromId(queue, job.id!);
        if (!done) return { error: `${queue.name} job ${job.id} disappeared: ${(err as Error).message}` };
        return state === 'completed' ? { result: done.returnvalue } : { error: done.failedReason || (err as Error).message };
      }
      if (state === 'unknown') return { error: `${queue.name} job ${job.id} disappeared: ${(err as Error).message}` };
      // waiting, delayed (a retry is due) or active: keep waiting.
    }
  }
}
