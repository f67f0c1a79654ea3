import { gunzipSync } from 'node:zlib';
import type { Cluster, Redis } from 'ioredis';
import { fetchPage, guardFor, type FetchedPage, type FetchOptions } from './http-client';
import { FetchError } from './fetch-error';
import { HostGate } from './host-gate';
import { RobotsCache } from './robots-cache';
import { robotsPolicy, type RobotsPolicy, type RobotsRecord } from './robots-policy';
import { conditionalHeaders, UrlValidatorStore, type UrlValidators } from './url-validators';

export interface PoliteFetcherOptions extends FetchOptions {
  /** Least time between two request starts on one host, unless the source or robots.txt asks for more. */
  hostDelayMs: number;
  robotsTtlSeconds: number;
}

export interface VisitOptions {
  /** Identifies this attempt to the host lease (a job id and attempt do). */
  token: string;
  /** Send the remembered validators; a 304 or an identical body ends the visit as unchanged. */
  ifChanged?: boolean;
  /** The source's own delay, replacing the default (robots.txt Crawl-delay still wins when longer). */
  delayMs?: number;
  /** A place in the host's line from an earlier `wait` answer. */
  slot?: number;
  /** Requests the source allows in flight at once to one of its hosts (default 1). */
  hostConcurrency?: number;
  /** Accept a gzip file (a `.xml.gz` sitemap): its body is returned gunzipped, within the body cap. */
  gzipFile?: boolean;
}

export type VisitResult =
  | { kind: 'wait'; waitMs: number; slot: number }
  | { kind: 'not-modified' }
  | { kind: 'unchanged'; page: FetchedPage }
  | { kind: 'page'; page: FetchedPage };

/** Longest a host is closed on one Retry-After; a site asking for days gets retried sooner. */
const MAX_PAUSE_MS = 3_600_000;
const ROBOTS_MAX_BYTES = 512 * 1024;

/**
 * A fetch that behaves: refuses internal addresses (SSRF guard), obeys robots.txt (cached
 * in Redis, Crawl-delay included), keeps to one request at a time per host spaced by the
 * host's delay across every replica, closes a host that answers 429/503 for its
 * Retry-After, and asks only for what changed. It never sleeps: when the host is not free
 * it answers `wait`, so the caller can put its job aside instead of holding a worker slot.
 */
export class PoliteFetcher {
  readonly gate: HostGate;
  readonly robots: RobotsCache;
  readonly validators: UrlValidatorStore;

  constructor(
    redis: Redis | Cluster,
    prefix: string,
    private readonly opts: PoliteFetcherOptions,
  ) {
    this.gate = new HostGate(redis, prefix);
    this.robots = new RobotsCache(redis, prefix, opts.robotsTtlSeconds);
    this.validators = new UrlValidatorStore(redis, prefix);
    guardFor(opts); // a bad CIDR in the allow-list fails at start-up, not at the first fetch
  }

  async visit(url: string, o: VisitOptions): Promise<VisitResult> {
    const target = new URL(url);
    await guardFor(this.opts).check(target);
    const baseDelay = o.delayMs ?? this.opts.hostDelayMs;

    let policy = await this.cachedPolicy(target.origin);
    if (!policy) {
      const turn = await this.take(target.host, o, baseDelay);
      if (turn) return turn;
      try {
        policy = await this.fetchRobots(target.origin);
      } finally {
        await this.gate.release(target.host, o.token);
      }
    }
    if (!policy.isAllowed(target.href)) throw new FetchError('robots-disallowed', `${target.pathname} is disallowed for us by ${target.origin}/robots.txt`, false);

    const delay = Math.max(baseDelay, policy.crawlDelayMs ?? 0);
    // The slot and the remembered validators in one round trip (a read wasted when told to wait).
    const [turn, previous] = await Promise.all([this.take(target.host, o, delay), o.ifChanged ? this.validators.get(target.href) : ({} as UrlValidators)]);
    if (turn) return turn;
    let page: FetchedPage;
    try {
      page = await fetchPage(target.href, { ...this.opts, acceptGzipFiles: o.gzipFile ?? false, headers: { ...this.opts.headers, ...conditionalHeaders(previous) } });
      if (o.gzipFile && page.body[0] === 0x1f && page.body[1] === 0x8b) page = { ...page, body: gunzipCapped(page.body, this.opts.maxBodyBytes) };
    } catch (err) {
      const pause = err instanceof FetchError && (err.status === 429 || err.status === 503) ? Math.min(err.retryAfterMs ?? Math.max(delay, 30_000), MAX_PAUSE_MS) : 0;
      await this.gate.release(target.host, o.token, pause);
      throw err;
    }
    // The slot given back and the validators saved in one round trip, not two.
    const released = this.gate.release(target.host, o.token);
    if (page.status === 304) return released.then(() => ({ kind: 'not-modified' }));
    await Promise.all([
      released,
      this.validators.put(target.href, {
        ...(page.headers.etag ? { etag: page.headers.etag } : {}),
        ...(page.headers['last-modified'] ? { lastModified: page.headers['last-modified'] } : {}),
        contentHash: page.contentHash,
        fetchedAt: page.fetchedAt,
      }),
    ]);
    if (o.ifChanged && previous.contentHash === page.contentHash) return { kind: 'unchanged', page };
    return { kind: 'page', page };
  }

  /** The robots.txt decisions for an origin when they are cached (discovery filters candidates with it). */
  async cachedPolicy(origin: string): Promise<RobotsPolicy | null> {
    const record = await this.robots.get(origin);
    return record ? robotsPolicy(origin, record, this.opts.userAgent) : null;
  }

  /** null = the slot is ours; else how long to wait. */
  private async take(host: string, o: VisitOptions, delayMs: number): Promise<VisitResult | null> {
    const d = await this.gate.acquire(host, o.token, { delayMs, leaseMs: this.opts.deadlineMs + 5_000, concurrency: o.hostConcurrency ?? 1, ...(o.slot !== undefined ? { slot: o.slot } : {}) });
    return d.go ? null : { kind: 'wait', waitMs: d.waitMs, slot: d.slot };
  }

  private async fetchRobots(origin: string): Promise<RobotsPolicy> {
    let record: RobotsRecord;
    try {
      const page = await fetchPage(`${origin}/robots.txt`, { ...this.opts, maxBodyBytes: Math.min(this.opts.maxBodyBytes, ROBOTS_MAX_BYTES) });
      record = { status: page.status, body: page.body.toString('utf8'), fetchedAt: page.fetchedAt };
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      if (err.reason === 'ssrf-blocked') throw err;
      if (err.status !== undefined && err.status >= 400 && err.status < 500 && err.status !== 429) {
        // No robots.txt: everything is allowed (RFC 9309 §2.3.1.3).
        record = { status: err.status, body: '', fetchedAt: new Date().toISOString() };
      } else if (err.reason === 'unsupported-content-type' || err.reason === 'too-large') {
        // Not a text file we can read: treated as no robots.txt, but remembered.
        record = { status: 404, body: '', fetchedAt: new Date().toISOString() };
      } else {
        // Unreachable (5xx, 429, network): do not guess; the caller retries later.
        throw new FetchError('robots-unavailable', `${origin}/robots.txt: ${err.message}`, true, err.status, err.retryAfterMs);
      }
    }
    await this.robots.put(origin, record);
    return robotsPolicy(origin, record, this.opts.userAgent);
  }
}

/** A gzip file's content, refused past `max` bytes so a gzip bomb costs nothing. */
function gunzipCapped(bytes: Buffer, max: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: max });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new FetchError('too-large', `gzip file exceeds ${max} bytes after decompression`, false);
    throw new FetchError('decompression', (err as Error).message, false);
  }
}
