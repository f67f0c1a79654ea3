import { createHash } from 'node:crypto';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Agent, request, errors as undiciErrors, type Dispatcher } from 'undici';
import { FetchError } from './fetch-error';
import { SsrfGuard, type Resolver } from './ssrf-guard';

export interface FetchOptions {
  userAgent: string;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  deadlineMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  /** SSRF guard: host names and CIDRs let through although they resolve to non-public addresses. */
  allowHosts: string[];
  allowPrivateNetworks: string[];
  /** Host name resolution (tests map names to private addresses with it). */
  resolve?: Resolver;
  /** Extra request headers (conditional GET and the like). */
  headers?: Record<string, string>;
  /** Also accept gzip files (`.xml.gz` sitemaps); their bytes come back still gzipped. */
  acceptGzipFiles?: boolean;
}

export interface FetchedPage {
  requestedUrl: string;
  finalUrl: string;
  status: number;
  contentType: string | null;
  headers: Record<string, string>;
  body: Buffer;
  contentHash: string;
  redirects: string[];
  fetchedAt: string;
  ms: number;
}

const GZIP_FILE_TYPES = /^(application\/(x-)?gzip|application\/octet-stream)\b/i;
const ACCEPTED_TYPES = /^(text\/html|application\/xhtml\+xml|application\/(rss|atom)\+xml|application\/xml|text\/xml|text\/plain)\b/i;

// One connection pool per guard policy and timeouts: the guard's lookup lives in the pool.
const guards = new Map<string, SsrfGuard>();
const resolverIds = new WeakMap<Resolver, number>();
let resolverCount = 0;
const agents = new WeakMap<SsrfGuard, Map<string, Agent>>();

export function guardFor(opts: Pick<FetchOptions, 'allowHosts' | 'allowPrivateNetworks' | 'resolve'>): SsrfGuard {
  let rid = 0;
  if (opts.resolve) {
    rid = resolverIds.get(opts.resolve) ?? ++resolverCount;
    resolverIds.set(opts.resolve, rid);
  }
  const key = `${opts.allowHosts.join(',')}|${opts.allowPrivateNetworks.join(',')}|${rid}`;
  let guard = guards.get(key);
  if (!guard) {
    guard = new SsrfGuard({ allowHosts: opts.allowHosts, allowPrivateNetworks: opts.allowPrivateNetworks, ...(opts.resolve ? { resolve: opts.resolve } : {}) });
    guards.set(key, guard);
  }
  return guard;
}

function agentFor(opts: FetchOptions, guard: SsrfGuard): Dispatcher {
  let byTimeouts = agents.get(guard);
  if (!byTimeouts) agents.set(guard, (byTimeouts = new Map()));
  const key = `${opts.connectTimeoutMs}|${opts.readTimeoutMs}`;
  let agent = byTimeouts.get(key);
  if (!agent) {
    agent = new Agent({
      connect: { timeout: opts.connectTimeoutMs, lookup: guard.lookup },
      headersTimeout: opts.readTimeoutMs,
      bodyTimeout: opts.readTimeoutMs,
      keepAliveTimeout: 10_000,
    });
    byTimeouts.set(key, agent);
  }
  return agent;
}

/**
 * Downloads one page: redirects followed by hand (so each hop can be checked and loops
 * caught), body streamed with a byte cap that also bounds decompressed size, and every
 * failure turned into a FetchError that says whether a retry could help.
 */
export async function fetchPage(url: string, opts: FetchOptions): Promise<FetchedPage> {
  const started = Date.now();
  const signal = AbortSignal.timeout(opts.deadlineMs);
  const redirects: string[] = [];
  const seen = new Set<string>();
  let current = parseHttpUrl(url);
  const guard = guardFor(opts);

  for (;;) {
    if (seen.has(current.href)) throw new FetchError('redirect-loop', `${current.href} redirects back to itself via ${redirects.join(' -> ')}`, false);
    seen.add(current.href);

    const res = await requestHop(current, opts, guard, signal);
    const status = res.statusCode;
    if (status >= 300 && status < 400 && status !== 304) {
      current = await redirectTarget(res, current, redirects, url, opts.maxRedirects);
      continue;
    }
    const contentType = headerValue(res.headers, 'content-type');
    const body = await finalBody(res, contentType, current, opts, signal);
    return {
      requestedUrl: url,
      finalUrl: current.href,
      status,
      contentType,
      headers: flattenHeaders(res.headers),
      body,
      contentHash: createHash('sha256').update(body).digest('hex'),
      redirects,
      fetchedAt: new Date().toISOString(),
      ms: Date.now() - started,
    };
  }
}

/** One GET, without following a redirect. */
async function requestHop(at: URL, opts: FetchOptions, guard: SsrfGuard, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
  // Every hop is checked: a public page may redirect to an internal address.
  await guard.check(at);
  try {
    return await request(at, {
      method: 'GET',
      dispatcher: agentFor(opts, guard),
      signal,
      headers: {
        'user-agent': opts.userAgent,
        accept: 'text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
        'accept-language': 'vi,en;q=0.8,*;q=0.5',
        ...opts.headers,
      },
    });
  } catch (err) {
    throw toFetchError(err, signal);
  }
}

/** Where a 3xx answer sends the fetch next; records the hop it leaves in `redirects`. */
async function redirectTarget(res: Dispatcher.ResponseData, from: URL, redirects: string[], requestedUrl: string, maxRedirects: number): Promise<URL> {
  const status = res.statusCode;
  const location = headerValue(res.headers, 'location');
  await res.body.dump();
  if (!location) throw new FetchError('http-status', `${status} without Location at ${from.href}`, false, status);
  if (redirects.length >= maxRedirects) throw new FetchError('too-many-redirects', `more than ${maxRedirects} redirects from ${requestedUrl}`, false, status);
  redirects.push(from.href);
  return parseHttpUrl(new URL(location, from).href);
}

/** The body of an answer that is not a redirect (empty for a 304), or why it is refused. */
async function finalBody(res: Dispatcher.ResponseData, contentType: string | null, at: URL, opts: FetchOptions, signal: AbortSignal): Promise<Buffer> {
  const status = res.statusCode;
  if (status === 304) {
    await res.body.dump();
    return Buffer.alloc(0);
  }
  if (status >= 400) {
    await res.body.dump().catch(() => undefined);
    // 408, 425, 429 and 5xx are worth another try; other 4xx will not change.
    const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
    const retryAfterMs = parseRetryAfter(headerValue(res.headers, 'retry-after'));
    throw new FetchError('http-status', `HTTP ${status} at ${at.href}`, retryable, status, retryAfterMs);
  }
  if (contentType && !ACCEPTED_TYPES.test(contentType) && !(opts.acceptGzipFiles && GZIP_FILE_TYPES.test(contentType))) {
    await res.body.dump().catch(() => undefined);
    throw new FetchError('unsupported-content-type', `${contentType} at ${at.href}`, false, status);
  }
  const declared = Number(headerValue(res.headers, 'content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > opts.maxBodyBytes) {
    res.body.destroy();
    throw new FetchError('too-large', `Content-Length ${declared} exceeds ${opts.maxBodyBytes} bytes`, false, status);
  }
  return readCapped(res.body, headerValue(res.headers, 'content-encoding'), opts.maxBodyBytes, signal);
}

function parseHttpUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new FetchError('invalid-url', `not a URL: ${raw}`, false);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FetchError('unsupported-scheme', `${u.protocol} in ${raw}`, false);
  u.hash = '';
  return u;
}

async function readCapped(body: Readable, encoding: string | null, max: number, signal: AbortSignal): Promise<Buffer> {
  const decoder = decompressorFor(encoding);
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow: FetchError | undefined;
  // Counting after decompression bounds what a gzip bomb can make us hold.
  const collect = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > max) {
        overflow = new FetchError('too-large', `body exceeds ${max} bytes${decoder ? ' after decompression' : ''}`, false);
        throw overflow;
      }
      chunks.push(chunk);
    }
  };
  try {
    // pipeline() forwards an error from any stage (timeout, reset, bad gzip) and destroys the rest.
    if (decoder) await pipeline(body, decoder, collect);
    else await pipeline(body, collect);
  } catch (err) {
    // Tearing the streams down can surface a secondary error; the overflow is the cause.
    if (overflow) throw overflow;
    if (err instanceof FetchError) throw err;
    if (decoder && /incorrect header|invalid|unexpected end|Z_/i.test(String((err as Error).message))) {
      throw new FetchError('decompression', (err as Error).message, false);
    }
    throw toFetchError(err, signal);
  }
  return Buffer.concat(chunks);
}

function decompressorFor(encoding: string | null): Transform | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

function toFetchError(err: unknown, signal: AbortSignal): FetchError {
  if (err instanceof FetchError) return err;
  const e = err as Error & { code?: string; cause?: { code?: string; message?: string } };
  if (e.code === 'ERR_SSRF_BLOCKED' || e.cause?.code === 'ERR_SSRF_BLOCKED') {
    return new FetchError('ssrf-blocked', (e.code === 'ERR_SSRF_BLOCKED' ? e.message : e.cause!.message ?? e.message).replace(/^ssrf-blocked: /, ''), false);
  }
  if (signal.aborted) return new FetchError('deadline', 'overall deadline exceeded', true);
  if (e instanceof undiciErrors.ConnectTimeoutError || e.code === 'UND_ERR_CONNECT_TIMEOUT') return new FetchError('connect-timeout', e.message, true);
  if (e instanceof undiciErrors.HeadersTimeoutError || e instanceof undiciErrors.BodyTimeoutError || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') {
    return new FetchError('read-timeout', e.message, true);
  }
  return new FetchError('network', `${e.code ?? e.name}: ${e.message}`, true);
}

/** Retry-After as delta-seconds or an HTTP date → ms from now (undefined when absent or unreadable). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const v = headers[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? (v[0] ?? null) : v;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}
