import type { Cluster, Redis } from 'ioredis';
import { RedisKeys } from '@ingest/contracts';
import type { DiscoveredUrl } from './feed-links';

/**
 * Compare-and-set over one source's hash (one key, so it runs on a Redis Cluster too).
 * ARGV holds a triple per admitted candidate: the URL; the remembered lastmod it was
 * admitted on (`=` + lastmod, or `-` when the URL was not remembered); the lastmod to
 * store. First every URL is checked, then those unchanged are written, in order (of
 * duplicates the last one stays, as with HSET of an object). Returns the 0-based
 * positions of the triples whose URL's remembered lastmod changed since it was read:
 * nothing was written for them.
 */
const STORE_IF_UNCHANGED = `
local changed = {}
for i = 1, #ARGV, 3 do
  local now = redis.call('HGET', KEYS[1], ARGV[i])
  local expected = ARGV[i + 1]
  if (expected == '-' and now) or (expected ~= '-' and now ~= string.sub(expected, 2)) then
    changed[ARGV[i]] = true
  end
end
local conflicts = {}
for i = 1, #ARGV, 3 do
  if changed[ARGV[i]] then
    conflicts[#conflicts + 1] = (i - 1) / 3
  else
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
  end
end
return conflicts
`;

/** Another replica storing the same URLs between our read and our write is rare; this many in a row is not. */
const MAX_ATTEMPTS = 10;

/**
 * The URLs a source's runs have already enqueued, with the lastmod they had, so a run
 * enqueues only what is new — or what its listing says changed since. Shared by every
 * fetcher replica: each URL is admitted by one of them only.
 */
export class SeenUrls {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
  ) {
    redis.defineCommand('seenUrlsStoreIfUnchanged', { numberOfKeys: 1, lua: STORE_IF_UNCHANGED });
  }

  /**
   * Of the candidates, those never enqueued or listed with a newer lastmod; remembers them.
   * Decided here (dates are parsed in TypeScript) on what one HMGET read; the admitted are
   * stored by a script only where the hash still holds what was read, so two replicas
   * cannot both admit a URL. Those changed in between are read and decided again. A
   * candidate not admitted writes nothing, so what was read is enough to refuse it.
   */
  admitNewOrChanged(sourceId: string, candidates: DiscoveredUrl[]): Promise<DiscoveredUrl[]> {
    return this.admit(RedisKeys.seen(this.prefix, sourceId), candidates);
  }

  /** The same for the child sitemaps of a source's sitemap indexes (a list of its own): those worth reading again. */
  admitChangedSitemaps(sourceId: string, children: DiscoveredUrl[]): Promise<DiscoveredUrl[]> {
    return this.admit(RedisKeys.seenSitemaps(this.prefix, sourceId), children);
  }

  private async admit(key: string, candidates: DiscoveredUrl[]): Promise<DiscoveredUrl[]> {
    const admitted = new Set<DiscoveredUrl>();
    let undecided = candidates;
    for (let attempt = 1; undecided.length; attempt++) {
      if (attempt > MAX_ATTEMPTS) throw new Error(`${key}: remembered lastmods kept changing during ${MAX_ATTEMPTS} attempts to admit ${undecided.length} URL(s)`);
      const known = await this.redis.hmget(key, ...undecided.map((c) => c.url));
      const args: string[] = [];
      const toStore = undecided.filter((c, i) => {
        const before = known[i] ?? null;
        if (before !== null && !(c.lastmod && isNewer(c.lastmod, before))) return false;
        args.push(c.url, before === null ? '-' : `=${before}`, c.lastmod ?? '');
        return true;
      });
      if (!toStore.length) break;
      const changed = new Set((await (this.redis as unknown as SeenUrlsCommands).seenUrlsStoreIfUnchanged(key, ...args)) as number[]);
      toStore.forEach((c, i) => {
        if (!changed.has(i)) admitted.add(c);
      });
      undecided = toStore.filter((_, i) => changed.has(i));
    }
    return candidates.filter((c) => admitted.has(c));
  }

  /** Forgets a URL (its fetch was refused or failed for good), so a later run may try again. */
  async forget(sourceId: string, url: string): Promise<void> {
    await this.redis.hdel(RedisKeys.seen(this.prefix, sourceId), url);
  }
}

interface SeenUrlsCommands {
  seenUrlsStoreIfUnchanged(key: string, ...args: string[]): Promise<unknown>;
}

function isNewer(candidate: string, before: string): boolean {
  if (!before) return true;
  const a = Date.parse(candidate);
  const b = Date.parse(before);
  if (Number.isFinite(a) && Number.isFinite(b)) return a > b;
  return candidate !== before;
}
