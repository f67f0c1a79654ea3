import type { Redis } from 'ioredis';
import { RedisKeys } from '@ingest/contracts';
import type { DiscoveredUrl } from './feed-links';

/**
 * The URLs a source's runs have already enqueued, with the lastmod they had, so a run
 * enqueues only what is new — or what its listing says changed since.
 */
export class SeenUrls {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Of the candidates, those never enqueued or listed with a newer lastmod; remembers them. */
  async admitNewOrChanged(sourceId: string, candidates: DiscoveredUrl[]): Promise<DiscoveredUrl[]> {
    if (!candidates.length) return [];
    const key = RedisKeys.seen(this.prefix, sourceId);
    const known = await this.redis.hmget(key, ...candidates.map((c) => c.url));
    const admitted = candidates.filter((c, i) => {
      const before = known[i];
      if (before === null || before === undefined) return true;
      return Boolean(c.lastmod) && isNewer(c.lastmod!, before);
    });
    if (admitted.length) await this.redis.hset(key, Object.fromEntries(admitted.map((c) => [c.url, c.lastmod ?? ''])));
    return admitted;
  }

  /** Forgets a URL (its fetch was refused or failed for good), so a later run may try again. */
  async forget(sourceId: string, url: string): Promise<void> {
    await this.redis.hdel(RedisKeys.seen(this.prefix, sourceId), url);
  }
}

function isNewer(candidate: string, before: string): boolean {
  if (!before) return true;
  const a = Date.parse(candidate);
  const b = Date.parse(before);
  if (Number.isFinite(a) && Number.isFinite(b)) return a > b;
  return candidate !== before;
}
