/**
 * Redis keys outside BullMQ's own, all under the deployment's queue prefix so one
 * `<prefix>:*` scan finds (and a test run removes) everything a deployment owns.
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
} as const;
