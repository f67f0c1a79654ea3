import type { Queue } from 'bullmq';
import { QueueName, type DiscoverJob } from '@ingest/contracts';
import { defaultJobOptions } from '@ingest/queue';
import type { Source } from './source';

// No ":" in the id: BullMQ reads a scheduler id with colons as a legacy repeat key.
export const schedulerId = (sourceId: string) => `source-${sourceId}`;

/**
 * One BullMQ job scheduler per scheduled, unpaused source, on the discover queue. The
 * scheduler lives in Redis, so it survives restarts, and BullMQ adds exactly one job per
 * tick however many workers listen — the replicas never double-fire.
 */
export class SourceScheduler {
  constructor(private readonly discoverQueue: Queue<DiscoverJob>) {}

  /** Brings the scheduler of one source in line with its definition (created, changed or removed). */
  async sync(source: Source): Promise<'scheduled' | 'unscheduled'> {
    if (source.paused || !source.schedule) {
      await this.discoverQueue.removeJobScheduler(schedulerId(source.id));
      return 'unscheduled';
    }
    const { cron, every } = source.schedule;
    const repeat = cron !== undefined ? { pattern: cron, ...(source.timezone ? { tz: source.timezone } : {}) } : { every: every! };
    await this.discoverQueue.upsertJobScheduler(schedulerId(source.id), repeat, {
      name: QueueName.discover,
      data: { sourceId: source.id, url: `source:${source.id}` },
      opts: defaultJobOptions.discover,
    });
    return 'scheduled';
  }

  async unschedule(sourceId: string): Promise<void> {
    await this.discoverQueue.removeJobScheduler(schedulerId(sourceId));
  }

  /** Next run of a source, when it has a schedule (epoch ms). */
  async nextRun(sourceId: string): Promise<number | null> {
    const s = await this.discoverQueue.getJobScheduler(schedulerId(sourceId));
    return s?.next ?? null;
  }
}
