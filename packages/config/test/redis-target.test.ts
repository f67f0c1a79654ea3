import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { hashTagged, parseRedisTarget } from '../src/redis-target';

describe('REDIS_URL: one Redis or a Redis Cluster', () => {
  it('keeps a plain redis:// URL as it is', () => {
    expect(parseRedisTarget('redis://:secret@127.0.0.1:6379/2')).toEqual({ kind: 'single', url: 'redis://:secret@127.0.0.1:6379/2' });
  });

  it('reads the seed nodes, credentials and TLS of a cluster URL', () => {
    expect(parseRedisTarget('redis+cluster://127.0.0.1:7001,127.0.0.1:7002, [::1]:7003')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '127.0.0.1', port: 7001 },
        { host: '127.0.0.1', port: 7002 },
        { host: '::1', port: 7003 },
      ],
      tls: false,
    });
    expect(parseRedisTarget('rediss+cluster://app:p%40ss@redis-a:6380,redis-b:6380')).toMatchObject({ username: 'app', password: 'p@ss', tls: true, nodes: [{ host: 'redis-a' }, { host: 'redis-b' }] });
  });

  it('refuses what a cluster URL cannot say, naming the problem', () => {
    expect(() => parseRedisTarget('redis+cluster://127.0.0.1')).toThrow(/"127.0.0.1" is not host:port/);
    expect(() => parseRedisTarget('redis+cluster://127.0.0.1:7001/0')).toThrow(/no database/);
    expect(() => parseRedisTarget('redis+cluster://')).toThrow(/at least one node/);
    expect(() => parseRedisTarget('http://127.0.0.1:6379')).toThrow(/expected redis:\/\//);
    expect(() => loadConfig({ REDIS_URL: 'redis+cluster://a:99999' })).toThrow(/redisUrl: not a Redis URL \(cluster node "a:99999" is not host:port\)/);
  });

  it('makes a prefix a hash tag (for BullMQ on a cluster) unless it holds one; QUEUE_PREFIX itself is kept', () => {
    expect(hashTagged('ingest')).toBe('{ingest}');
    expect(hashTagged('{prod}')).toBe('{prod}');
    expect(hashTagged('prod-{eu}')).toBe('prod-{eu}');
    // An empty tag `{}` is no tag: Redis hashes the whole key.
    expect(hashTagged('a{}b')).toBe('{a{}b}');
    expect(loadConfig({ REDIS_URL: 'redis+cluster://127.0.0.1:7001,127.0.0.1:7002' }).queuePrefix).toBe('ingest');
  });
});

describe('ELASTICSEARCH_URL: one node or several', () => {
  it('takes a comma-separated list of nodes and names a bad entry', () => {
    expect(loadConfig({ ELASTICSEARCH_URL: 'http://127.0.0.1:9301,http://127.0.0.1:9302' }).elasticsearchUrl).toBe('http://127.0.0.1:9301,http://127.0.0.1:9302');
    expect(() => loadConfig({ ELASTICSEARCH_URL: 'http://127.0.0.1:9301,9302' })).toThrow(/elasticsearchUrl: not an http\(s\) URL: "9302"/);
  });
});
