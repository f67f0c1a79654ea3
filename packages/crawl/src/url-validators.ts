import type { Cluster, Redis } from 'ioredis';
import { RedisKeys } from '@ingest/contracts';

/** What the last 200 of a URL said about itself, for the next visit's conditional GET. */
export interface UrlValidators {
  etag?: string;
  lastModified?: string;
  contentHash?: string;
  fetchedAt?: string;
}

/** Validators per URL in Redis, kept `ttlSeconds` after the last fetch (a month by default). */
export class UrlValidatorStore {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
    private readonly ttlSeconds = 30 * 24 * 3600,
  ) {}

  async get(url: string): Promise<UrlValidators> {
    return (await this.redis.hgetall(RedisKeys.validators(this.prefix, url))) as UrlValidators;
  }

  async put(url: string, v: UrlValidators): Promise<void> {
    const key = RedisKeys.validators(this.prefix, url);
    const fields = Object.entries(v).filter(([, value]) => typeof value === 'string' && value) as [string, string][];
    const multi = this.redis.multi().del(key);
    if (fields.length) multi.hset(key, Object.fromEntries(fields)).expire(key, this.ttlSeconds);
    await multi.exec();
  }
}

/** Request headers that let the server answer 304 Not Modified. */
export function conditionalHeaders(v: UrlValidators): Record<string, string> {
  return {
    ...(v.etag ? { 'if-none-match': v.etag } : {}),
    ...(v.lastModified ? { 'if-modified-since': v.lastModified } : {}),
  };
}
