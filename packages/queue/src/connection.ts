import { Cluster, Redis, type RedisOptions } from 'ioredis';
import { parseRedisTarget } from '@ingest/config';

/** A connection to one Redis or to a Redis Cluster: what every Redis user of ours takes. */
export type RedisConnection = Redis | Cluster;

// Back off up to 5 s between reconnection attempts; never give up.
const reconnectDelay = (times: number) => Math.min(times * 200, 5_000);

/**
 * A Redis connection fit for BullMQ workers: `maxRetriesPerRequest: null` makes blocking
 * commands wait through a Redis outage instead of throwing, so a worker rides out a
 * restart of Redis rather than dying. A `redis+cluster://` URL gives an ioredis Cluster
 * with the same options for each node (BullMQ's keys then go under a hash-tagged prefix,
 * see bullmqPrefix in queues.ts).
 */
export function createRedisConnection(url: string, overrides: RedisOptions = {}): RedisConnection {
  const target = parseRedisTarget(url);
  const options: RedisOptions = { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: reconnectDelay, ...overrides };
  if (target.kind === 'single') return new Redis(url, options);
  const { retryStrategy, ...nodeOptions } = options;
  return new Cluster(target.nodes, {
    redisOptions: {
      ...nodeOptions,
      ...(target.username ? { username: target.username } : {}),
      ...(target.password ? { password: target.password } : {}),
      ...(target.tls ? { tls: {} } : {}),
    },
    clusterRetryStrategy: retryStrategy ?? reconnectDelay,
    // A moved slot or a failover answers MOVED / CLUSTERDOWN for a moment: retry, don't fail.
    retryDelayOnClusterDown: 200,
    retryDelayOnFailover: 200,
    enableReadyCheck: true,
  });
}

/**
 * The readiness check of a connection: whether Redis answers a PING. Worker connections
 * queue commands through an outage, so the caller must bound the wait (see @ingest/runtime).
 */
export function redisAnswers(connection: RedisConnection): () => Promise<boolean> {
  return async () => (await connection.ping()) === 'PONG';
}

export function isCluster(connection: RedisConnection): connection is Cluster {
  return connection instanceof Cluster;
}

/** The nodes that hold keys: every master of a cluster (once it is connected), or the one Redis. */
export function masterNodes(connection: RedisConnection): Redis[] {
  return connection instanceof Cluster ? connection.nodes('master') : [connection];
}

/**
 * Deletes every key matching a SCAN pattern: on a cluster, on every master, one key per
 * DEL (keys found on one node may still sit in different slots).
 */
export async function deleteKeysMatching(connection: RedisConnection, pattern: string): Promise<number> {
  // A cluster client knows its masters only once connected: the first reply says so.
  if (connection instanceof Cluster) await connection.ping();
  let deleted = 0;
  for (const node of masterNodes(connection)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await deleteEach(connection, keys);
    } while (cursor !== '0');
  }
  return deleted;
}

async function deleteEach(connection: RedisConnection, keys: string[]): Promise<number> {
  if (!(connection instanceof Cluster)) return connection.del(...keys);
  const counts = await Promise.all(keys.map((k) => connection.del(k)));
  return counts.reduce((a, b) => a + b, 0);
}
