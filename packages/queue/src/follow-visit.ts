import { Job, Queue } from 'bullmq';
import { QueueName, type StageResult } from '@ingest/contracts';
import { openQueueEvents, type QueueSettings } from './queues';

export type VisitOutcome =
  | { status: 'indexed'; articleId: string; index: string; result: string; stages: QueueName[] }
  | { status: 'skipped'; reason: string; stage: QueueName; stages: QueueName[] }
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
    const queue = new Queue(stage, { connection: settings.connection, prefix: settings.prefix });
    const events = openQueueEvents(stage, settings);
    try {
      await events.waitUntilReady();
      const job = await Job.fromId(queue, jobId);
      if (!job) return { status: 'failed', reason: `job ${jobId} not found in queue ${stage}`, stage, stages };
      let result: StageResult;
      try {
        result = await waitForFinalOutcome(job, events, queue, deadline);
      } catch (err) {
        return { status: 'failed', reason: (err as Error).message, stage, stages };
      }
      if (result.outcome === 'indexed') {
        return { status: 'indexed', articleId: result.articleId, index: result.index, result: result.result, stages };
      }
      if (result.outcome === 'skipped') return { status: 'skipped', reason: result.reason, stage, stages };
      stage = result.next;
      jobId = result.jobId;
    } finally {
      await events.close();
      await queue.close();
    }
  }
}

/**
 * Waits for a job's final outcome. Events do the waiting, but a QueueEvents stream starts
 * reading at "now", so an event emitted in the instant before it begins reading is never
 * seen; short waits with a look at the job's state in between close that gap. A failed
 * attempt with retries left is not final either: the job is delayed, not dead.
 */
async function waitForFinalOutcome(job: Job, events: ReturnType<typeof openQueueEvents>, queue: Queue, deadline: number): Promise<StageResult> {
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out waiting for ${queue.name} job ${job.id}`);
    try {
      return (await job.waitUntilFinished(events, Math.min(left, 2_000))) as StageResult;
    } catch (err) {
      const fresh = await Job.fromId(queue, job.id!);
      if (!fresh) throw new Error(`${queue.name} job ${job.id} disappeared: ${(err as Error).message}`);
      const state = await fresh.getState();
      if (state === 'completed') return fresh.returnvalue as StageResult;
      if (state === 'failed') throw new Error(fresh.failedReason || (err as Error).message);
      // waiting, delayed (a retry is due) or active: keep waiting.
    }
  }
}
