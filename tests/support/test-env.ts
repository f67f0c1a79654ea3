import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { loadConfig, createLogger, type Config } from '@ingest/config';
import { createRedisConnection, deleteKeysMatching, isCluster } from '@ingest/queue';
import { createSearchClient, deleteIndices } from '@ingest/search';

/**
 * A config pointing at the real services of this run, with a queue prefix and an index
 * prefix of its own, so test files (and concurrent runs) never see each other's data.
 */
export function isolatedConfig(env: Record<string, string> = {}): Config {
  const id = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return loadConfig({
    REDIS_URL: inject('redisUrl'),
    ELASTICSEARCH_URL: inject('elasticsearchUrl'),
    QUEUE_PREFIX: `test-${id}`,
    INDEX_PREFIX: `test-${id}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    LOG_PRETTY: 'false',
    NODE_ENV: 'test',
    // The tests' web servers listen on the loopback, which the SSRF guard refuses by default;
    // and they are ours, so the per-host delay can be short.
    FETCH_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8,::1/128',
    FETCH_HOST_DELAY_MS: '20',
    ...env,
  });
}

export function testLogger(config: Config, name: string) {
  return createLogger(config, name);
}

/** Removes every Redis key and index this config owns. */
export async function cleanup(config: Config): Promise<void> {
  const redis = createRedisConnection(config.redisUrl, { maxRetriesPerRequest: 3 });
  try {
    // On a Redis Cluster: on every master, and BullMQ's keys under the hash-tagged prefix too.
    await deleteKeysMatching(redis, `${config.queuePrefix}:*`);
    if (isCluster(redis)) await deleteKeysMatching(redis, `{${config.queuePrefix}}:*`);
  } finally {
    redis.disconnect();
  }
  const es = createSearchClient(config.elasticsearchUrl);
  try {
    await deleteIndices(es, config.indexPrefix);
  } finally {
    await es.close();
  }
}
