import type { Cluster, Redis } from 'ioredis';
import { RedisKeys } from '@ingest/contracts';
import type { RobotsRecord } from './robots-policy';

/** robots.txt per origin in Redis, shared by every replica, trusted for `ttlSeconds`. */
export class RobotsCache {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  async get(origin: string): Promise<RobotsRecord | null> {
    const raw = await this.redis.get(RedisKeys.robots(this.prefix, origin));
    return raw ? (JSON.parse(raw) as RobotsRecord) : null;
  }

  async put(origin: string, record: RobotsRecord): Promise<void> {
    await this.redis.set(RedisKeys.robots(this.prefix, origin), JSON.stringify(record), 'EX', this.ttlSeconds);
  }
}
