import type { Cluster, Redis } from 'ioredis';
import { RedisKeys } from '@ingest/contracts';

/**
 * Raw pages between fetcher and parser. Job data stays small (a reference), and the page
 * itself sits in Redis under an expiring key, so a parse backlog cannot grow Redis without
 * bound: pages are capped by the fetcher's body limit and vanish after `ttlSeconds`.
 */
export class PageStore {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly keyPrefix: string,
    private readonly ttlSeconds: number,
  ) {}

  /** Stores the body under its content hash; the same bytes fetched twice share one key. */
  async put(contentHash: string, body: Buffer): Promise<string> {
    await this.redis.set(RedisKeys.page(this.keyPrefix, contentHash), body, 'EX', this.ttlSeconds);
    return contentHash;
  }

  async get(ref: string): Promise<Buffer | null> {
    return this.redis.getBuffer(RedisKeys.page(this.keyPrefix, ref));
  }

  async delete(ref: string): Promise<void> {
    await this.redis.del(RedisKeys.page(this.keyPrefix, ref));
  }
}
