import { Queue, type Job } from 'bullmq';
import { ALL_QUEUES, type QueueName } from '@ingest/contracts';
import { bullmqPrefix, type QueueSettings } from './queues';

/** A job that ran out of attempts (or was refused for good), as an operator sees it. */
export interface DeadLetter {
  queue: QueueName;
  id: string;
  url: string;
  visitId: string;
  reason: string;
  attempts: number;
  failedAt: string | null;
  /** One entry per failed attempt, newest last (BullMQ keeps the stack of each). */
  attemptErrors: string[];
  data: unknown;
}

function toDeadLetter(queue: QueueName, job: Job): DeadLetter {
  const data = job.data as { url?: string; visitId?: string };
  return {
    queue,
    id: job.id!,
    url: data.url ?? '',
    visitId: data.visitId ?? '',
    reason: job.failedReason,
    attempts: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    attemptErrors: [...(job.stacktrace ?? [])].reverse().map((s) => s.split('\n')[0] ?? s),
    data: job.data,
  };
}

/**
 * The failed sets of every stage, read and replayed as one list. Nothing here deletes a
 * job unless asked to: a parked job stays, with its payload and reasons, until an operator
 * retries or drops it.
 */
export class DeadLetters {
  private readonly queues: Map<QueueName, Queue>;

  constructor(settings: QueueSettings) {
    this.queues = new Map(ALL_QUEUES.map((name) => [name, new Queue(name, { connection: settings.connection, prefix: bullmqPrefix(settings) })]));
  }

  private queue(name: string): Queue {
    const q = this.queues.get(name as QueueName);
    if (!q) throw new Error(`unknown queue "${name}" (known: ${ALL_QUEUES.join(', ')})`);
    return q;
  }

  async list(opts: { queue?: string; limit?: number } = {}): Promise<DeadLetter[]> {
    const names = opts.queue ? [opts.queue as QueueName] : ALL_QUEUES;
    const out: DeadLetter[] = [];
    for (const name of names) {
      const jobs = await this.queue(name).getFailed(0, (opts.limit ?? 100) - 1);
      out.push(...jobs.filter(Boolean).map((j) => toDeadLetter(name, j)));
    }
    return out.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? ''));
  }

  async show(queue: string, id: string): Promise<DeadLetter | null> {
    const job = await this.queue(queue).getJob(id);
    return job && (await job.isFailed()) ? toDeadLetter(queue as QueueName, job) : null;
  }

  /** Puts the job back in its queue with a fresh set of attempts. */
  async retry(queue: string, id: string): Promise<boolean> {
    const job = await this.queue(queue).getJob(id);
    if (!job || !(await job.isFailed())) return false;
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  }

  async drop(queue: string, id: string): Promise<boolean> {
    const job = await this.queue(queue).getJob(id);
    if (!job || !(await job.isFailed())) return false;
    await job.remove();
    return true;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
