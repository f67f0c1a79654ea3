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
 * waitUntilFinished rejects on the first failed attempt even when retries remain; a
 * retried job is still alive, so wait again until it completes or is parked for good.
 */
async function waitForFinalOutcome(job: Job, events: ReturnType<typeof openQueueEvents>, queue: Queue, deadline: number): Promise<StageResult> {
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out waiting for ${queue.name} job ${job.id}`);
    try {
      return (await job.waitUntilFinished(events, left)) as StageResult;
    } catch (err) {
      const fresh = await Job.fromId(queue, job.id!);
      const state = fresh ? await fresh.getState() : 'unknown';
      if (state === 'failed' || state === 'unknown' || /timed out/i.test((err as Error).message)) {
        throw new Error(fresh?.failedReason || (err as Error).message);
      }
      // delayed / waiting / active: a retry is on its way.
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
