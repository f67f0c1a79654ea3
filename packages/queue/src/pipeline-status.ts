import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { ALL_QUEUES, type QueueName } from '@ingest/contracts';
import { bullmqPrefix, type QueueSettings } from './queues';

const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'paused', 'failed', 'completed'] as const;
export type QueueState = (typeof STATES)[number];

export interface QueueStatus {
  queue: QueueName;
  counts: Record<QueueState, number>;
  /** Jobs waiting, prioritized, active or delayed: what the queue still has to do. */
  pending: number;
  /** Jobs that finished within the window (BullMQ scores its completed and failed sets by finish time). */
  recent: { windowMs: number; completed: number; failed: number };
  /** Jobs finished since `since`, when asked for (progress of a crawl being watched). */
  sinceStart?: { completed: number; failed: number };
}

export interface ScheduledRun {
  queue: QueueName;
  /** Scheduler id, e.g. `source:<id>`. */
  id: string;
  /** Next run, ISO time, or null when the scheduler has ended. */
  next: string | null;
  every?: number;
  pattern?: string;
  sourceId?: string;
}

export interface PipelineStatus {
  at: string;
  queues: QueueStatus[];
  /** The next runs of every job scheduler, soonest first. */
  scheduled: ScheduledRun[];
}

/**
 * Reads the pipeline's state from Redis as an operator wants it: depth of every queue,
 * what finished in the last minute, and the crawls scheduled next. Read-only; one Queue
 * handle per queue, closed with `close()`.
 */
export class PipelineStatusReader {
  private readonly queues: Queue[];

  constructor(settings: QueueSettings) {
    this.queues = ALL_QUEUES.map((name) => new Queue(name, { connection: settings.connection, prefix: bullmqPrefix(settings) }));
  }

  async read(opts: { windowMs?: number; since?: number; scheduledLimit?: number } = {}): Promise<PipelineStatus> {
    const now = Date.now();
    const windowMs = opts.windowMs ?? 60_000;
    const queues = await Promise.all(
      this.queues.map(async (q): Promise<QueueStatus> => {
        // BullMQ types its client narrowly; it is the ioredis connection we gave it.
        const client = (await q.client) as unknown as Redis;
        const finishedSince = async (from: number) => {
          const [completed, failed] = await Promise.all([client.zcount(q.keys.completed!, from, '+inf'), client.zcount(q.keys.failed!, from, '+inf')]);
          return { completed, failed };
        };
        const raw = await q.getJobCounts(...STATES);
        const counts = Object.fromEntries(STATES.map((s) => [s, raw[s] ?? 0])) as Record<QueueState, number>;
        return {
          queue: q.name as QueueName,
          counts,
          pending: counts.waiting + counts.prioritized + counts.active + counts.delayed,
          recent: { windowMs, ...(await finishedSince(now - windowMs)) },
          ...(opts.since !== undefined ? { sinceStart: await finishedSince(opts.since) } : {}),
        };
      }),
    );
    const limit = opts.scheduledLimit ?? 10;
    const scheduled = (
      await Promise.all(
        this.queues.map(async (q) =>
          (await q.getJobSchedulers(0, limit - 1, true)).map(
            (s): ScheduledRun => ({
              queue: q.name as QueueName,
              id: s.key,
              next: s.next ? new Date(s.next).toISOString() : null,
              ...(s.every ? { every: s.every } : {}),
              ...(s.pattern ? { pattern: s.pattern } : {}),
              ...(typeof (s.template?.data as { sourceId?: unknown } | undefined)?.sourceId === 'string' ? { sourceId: (s.template!.data as { sourceId: string }).sourceId } : {}),
            }),
          ),
        ),
      )
    )
      .flat()
      .sort((a, b) => (a.next ?? '9').localeCompare(b.next ?? '9'))
      .slice(0, limit);
    return { at: new Date(now).toISOString(), queues, scheduled };
  }

  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
  }
}
