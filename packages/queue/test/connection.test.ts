import { afterEach, describe, expect, it } from 'vitest';
import { bullmqPrefix, createRedisConnection, isCluster, type RedisConnection } from '../src/index';

/** Nothing listens on these ports: the connections are made and closed, never used. */
const opened: RedisConnection[] = [];
const connect = (url: string) => {
  const c = createRedisConnection(url, { lazyConnect: true });
  opened.push(c);
  return c;
};

describe('createRedisConnection and the BullMQ prefix', () => {
  afterEach(() => {
    for (const c of opened.splice(0)) c.disconnect();
  });

  it('gives one Redis for redis://, with BullMQ keys under the bare prefix as before', () => {
    const redis = connect('redis://127.0.0.1:1');
    expect(isCluster(redis)).toBe(false);
    expect(bullmqPrefix({ connection: redis, prefix: 'ingest' })).toBe('ingest');
  });

  it('gives a Cluster for redis+cluster://, fit for BullMQ, with its keys under a hash tag', () => {
    const cluster = connect('redis+cluster://:s3cret@127.0.0.1:1,127.0.0.1:2');
    expect(isCluster(cluster)).toBe(true);
    if (!isCluster(cluster)) return;
    expect(cluster.startupNodes).toEqual([
      { host: '127.0.0.1', port: 1 },
      { host: '127.0.0.1', port: 2 },
    ]);
    // BullMQ refuses a blocking connection whose nodes give up on a command.
    expect(cluster.options.redisOptions).toMatchObject({ maxRetriesPerRequest: null, password: 's3cret' });
    expect(bullmqPrefix({ connection: cluster, prefix: 'ingest' })).toBe('{ingest}');
    expect(bullmqPrefix({ connection: cluster, prefix: '{prod}' })).toBe('{prod}');
  });
});
