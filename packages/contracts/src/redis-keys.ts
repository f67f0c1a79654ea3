/**
 * Redis keys outside BullMQ's own, all under the deployment's queue prefix so one
 * `<prefix>:*` scan finds (and a test run removes) everything a deployment owns (on a
 * Redis Cluster BullMQ's are under `{<prefix>}:*`, see @ingest/queue bullmqPrefix).
 * On a cluster each key hashes whole, so pages, hosts and seen sets spread over the
 * masters; keys one script or command touches together share a `{…}` hash tag.
 */
export const RedisKeys = {
  /** Hash: source id → Source JSON. */
  sources: (prefix: string) => `${prefix}:sources`,
  /** Hash: normalised URL → lastmod ('' when unknown) of every URL a source's runs have enqueued. */
  seen: (prefix: string, sourceId: string) => `${prefix}:seen:${sourceId}`,
  /** Hash: child sitemap URL → lastmod, of the sitemap indexes a source's runs have read. */
  seenSitemaps: (prefix: string, sourceId: string) => `${prefix}:seen:${sourceId}#sitemaps`,
  /** String: cached robots.txt of one origin (JSON), with a TTL. */
  robots: (prefix: string, origin: string) => `${prefix}:robots:${origin}`,
  /** Hash: politeness state of one host (lease token and expiry, earliest next start, end of the line of reserved slots). */
  host: (prefix: string, host: string) => `${prefix}:host:${host}`,
  /** Hash: what the last fetch of a URL answered (etag, last-modified, content hash), for conditional GET. */
  validators: (prefix: string, url: string) => `${prefix}:validators:${url}`,
  /** String: one raw page between fetcher and parser, by its content hash, with a TTL. */
  page: (prefix: string, contentHash: string) => `${prefix}:page:${contentHash}`,
  /**
   * Near-duplicate stories (packages/search/src/stories), one set per period of the story
   * window, expiring: hash article (short id) → MinHash signature, hash article → storyId,
   * hash `<band>:<value hash>` → short ids of the articles holding that LSH band. One hash
   * tag, so the script that reads and writes them runs on a Redis Cluster too.
   */
  storySignatures: (prefix: string, period: number) => `${prefix}:{stories}:signatures:${period}`,
  storyOf: (prefix: string, period: number) => `${prefix}:{stories}:story-of:${period}`,
  storyBands: (prefix: string, period: number) => `${prefix}:{stories}:bands:${period}`,
  /** Sorted set: run id → start (ms) of a source's kept runs. `{sourceId}` hash-tags every key of a source's runs into one Cluster slot. */
  runs: (prefix: string, sourceId: string) => `${prefix}:runs:{${sourceId}}`,
  /** Hash: one source run's record and counters; `<run key>:pages` is the hash of visit id → what each page reached. */
  run: (prefix: string, sourceId: string, runId: string) => `${prefix}:run:{${sourceId}}:${runId}`,
} as const;
