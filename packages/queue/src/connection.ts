import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection fit for BullMQ workers: `maxRetriesPerRequest: null` makes blocking
 * commands wait through a Redis outage instead of throwing, so a worker rides out a
 * restart of Redis rather than dying.
 */
export function createRedisConnection(url: string, overrides: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    // Back off up to 5 s between reconnection attempts; never give up.
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    ...overrides,
  });
}

/**
 * The readiness check of a connection: whether Redis answers a PING. Worker connections
 * queue commands through an outage, so the caller must bound the wait (see @ingest/runtime).
 */
export function redisAnswers(connection: Redis): () => Promise<boolean> {
  return async () => (await connection.ping()) === 'PONG';
}
