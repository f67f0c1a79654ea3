import { Queue, QueueEvents, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { Cluster } from 'ioredis';
import { hashTagged } from '@ingest/config';
import { QueueName, type JobPayloads } from '@ingest/contracts';

export interface QueueSettings {
  connection: ConnectionOptions;
  prefix: string;
}

/** Default job options per stage: retried with exponential back-off, then parked in "failed" with its reason. */
export const defaultJobOptions: Record<QueueName, JobsOptions> = {
  discover: {
    // A run is repeated by its schedule anyway: a few tries, then park it with its reason.
    attempts: 3,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 1_000 },
    removeOnFail: { count: 1_000 },
  },
  fetch: {
    attempts: 4,
    backoff: { type: 'exponential', delay: 2_000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: false,
  },
  parse: {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: false,
  },
  index: {
    // Elasticsearch may be down for a while: retried after 1 s, 2 s, 4 s … 1024 s, so a job
    // is parked only after about 34 minutes (2047 s of back-off) without Elasticsearch.
    attempts: 12,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: false,
  },
};

export type TypedQueue<N extends QueueName> = Queue<JobPayloads[N]>;

/**
 * The prefix BullMQ writes a queue's keys under. BullMQ's scripts touch many keys of one
 * queue at once, so on a Redis Cluster they must share one slot: there the prefix becomes
 * a hash tag (`ingest` → `{ingest}`, BullMQ's own advice). Our keys keep the bare prefix and
 * spread over the masters (see @ingest/contracts RedisKeys). On one Redis: the prefix as is.
 */
export function bullmqPrefix(settings: QueueSettings): string {
  return settings.connection instanceof Cluster ? hashTagged(settings.prefix) : settings.prefix;
}

export function openQueue<N extends QueueName>(name: N, settings: QueueSettings): TypedQueue<N> {
  return new Queue<JobPayloads[N]>(name, {
    connection: settings.connection,
    prefix: bullmqPrefix(settings),
    defaultJobOptions: defaultJobOptions[name],
  });
}

export function openQueueEvents(name: QueueName, settings: QueueSettings): QueueEvents {
  return new QueueEvents(name, { connection: settings.connection, prefix: bullmqPrefix(settings) });
}

export { QueueName };
