import type { Cluster, Redis } from 'ioredis';
import { RedisKeys } from '@ingest/contracts';
import { parseSource, type Source } from './source';

/** Source definitions in one Redis hash (id → JSON), shared by every process of a deployment. */
export class SourceStore {
  private readonly key: string;
  constructor(
    private readonly redis: Redis | Cluster,
    prefix: string,
  ) {
    this.key = RedisKeys.sources(prefix);
  }

  async get(id: string): Promise<Source | null> {
    const raw = await this.redis.hget(this.key, id);
    return raw ? parseSource(JSON.parse(raw)) : null;
  }

  async list(): Promise<Source[]> {
    const all = await this.redis.hgetall(this.key);
    return Object.values(all)
      .map((raw) => parseSource(JSON.parse(raw)))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Writes the source; true when it is new. */
  async put(source: Source): Promise<boolean> {
    return (await this.redis.hset(this.key, source.id, JSON.stringify(source))) === 1;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.key, id)) === 1;
  }
}
