import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { decodeBody, type Resolver } from '@ingest/crawl';
import { startFetcher } from '@ingest/fetcher';
import { createRedisConnection, openQueue, PageStore } from '@ingest/queue';
import { ARTICLES, startFakeNewsSite, type FakeNewsSite } from '../fixtures/fake-news-site/server';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { enqueueFetch, waitForJob } from './crawl-support';

/**
 * What the fetcher does with each kind of answer a news site gives, against the fake
 * site and a real Redis: fetched and handed on, skipped as unchanged, or parked with its
 * reason. Only 127.0.0.1 is let through the SSRF guard (by host name), so a name that
 * resolves to the loopback (`private.test`, `localhost`) is refused like any internal address.
 */
describe('fetch outcomes against the fake news site (real Redis)', () => {
  const config = isolatedConfig({ FETCH_ALLOW_PRIVATE_NETWORKS: '', FETCH_ALLOW_HOSTS: '127.0.0.1', FETCH_READ_TIMEOUT_MS: '400', FETCH_MAX_BODY_BYTES: String(1024 * 1024), FETCH_HOST_DELAY_MS: '0' });
  const logger = testLogger(config, 'crawl-fetch');
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const fetchQueue = openQueue(QueueName.fetch, settings);
  const parseQueue = openQueue(QueueName.parse, settings);
  const pages = new PageStore(connection, config.queuePrefix, 60);
  const resolve: Resolver = async (host) => (host === 'private.test' || host === 'localhost' ? [{ address: '127.0.0.1', family: 4 }] : Promise.reject(new Error(`ENOTFOUND ${host}`)));
  let site: FakeNewsSite;
  let fetcher: { close(): Promise<unknown> };

  beforeAll(async () => {
    site = await startFakeNewsSite();
    fetcher = startFetcher(config, logger, { resolve });
  });
  afterAll(async () => {
    await fetcher.close();
    await fetchQueue.close();
    await parseQueue.close();
    connection.disconnect();
    await site.close();
    await cleanup(config);
  });

  const fetchOf = async (path: string, extra: Record<string, unknown> = {}) => waitForJob(fetchQueue, await enqueueFetch(fetchQueue, path.startsWith('http') ? path : site.url + path, extra));

  it('follows a redirect chain to the article and hands the page on with its final URL', async () => {
    const end = await fetchOf('/redirect/1');
    expect(end).toMatchObject({ state: 'completed', result: { outcome: 'handed-on', next: 'parse' } });
    const parse = await parseQueue.getJob((end.result as { jobId: string }).jobId);
    expect(parse?.data.finalUrl).toBe(site.url + ARTICLES.b);
    expect(site.hits('/redirect/3')).toHaveLength(1);
  });

  it('parks a redirect loop, an oversized body, a gzip bomb and a PDF, each with its reason, after one attempt', async () => {
    const cases: [string, RegExp][] = [
      ['/loop-a', /^redirect-loop: /],
      ['/huge', /^too-large: /],
      ['/bomb', /^too-large: .*after decompression/],
      ['/report.pdf', /^unsupported-content-type: application\/pdf/],
    ];
    for (const [path, reason] of cases) {
      const end = await fetchOf(path);
      expect(end.state, path).toBe('failed');
      expect(end.reason, path).toMatch(reason);
      expect(end.attempts, path).toBe(1);
    }
  });

  it('keeps a slow server’s page for a retry (read timeout), rather than parking or dropping it', async () => {
    const visitId = await enqueueFetch(fetchQueue, site.url + '/slow');
    let job = await fetchQueue.getJob(visitId);
    for (let i = 0; i < 100 && !(job && job.attemptsMade >= 1); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = await fetchQueue.getJob(visitId);
    }
    expect(job?.failedReason).toMatch(/^(read-timeout|deadline): /);
    expect(await job!.getState()).toBe('delayed');
    await job!.remove();
  });

  it('decodes a windows-1258 page from the stored bytes', async () => {
    const end = await fetchOf('/cp1258.html');
    expect(end.state).toBe('completed');
    const parse = await parseQueue.getJob((end.result as { jobId: string }).jobId);
    const body = await pages.get(parse!.data.pageRef);
    const { text, charset } = decodeBody(body!, parse!.data.contentType);
    expect(charset).toBe('windows-1258');
    expect(text.normalize('NFC')).toContain('Tiếng Việt');
  });

  it('refuses, with ssrf-blocked, a name resolving to a private address and the loopback by name, without a request', async () => {
    const port = new URL(site.url).port;
    const before = site.requests.length;
    for (const url of [`http://private.test:${port}${ARTICLES.a}`, `http://localhost:${port}${ARTICLES.a}`]) {
      const end = await fetchOf(url);
      expect(end.state, url).toBe('failed');
      expect(end.reason, url).toMatch(/^ssrf-blocked: .*127\.0\.0\.1 is loopback/);
    }
    expect(site.requests.length).toBe(before);
  });

  it('asks with If-None-Match / If-Modified-Since when asked to fetch only if changed; a 304 ends as skipped: not-modified', async () => {
    expect((await fetchOf('/etag.html')).result).toMatchObject({ outcome: 'handed-on' });
    const again = await fetchOf('/etag.html', { ifChanged: true });
    expect(again.result).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/^not-modified/) });
    const last = site.hits('/etag.html').at(-1)!;
    expect(last.ifNoneMatch).toBe('"fixed-1"');
    expect(last.ifModifiedSince).toBe('Sun, 01 Nov 2026 00:00:00 GMT');
    // A crawl someone asks for by hand refetches whatever the validators say.
    expect((await fetchOf('/etag.html')).result).toMatchObject({ outcome: 'handed-on' });
  });

  it('skips an unchanged body (no validators to send) by its hash, and hands on a changed one', async () => {
    expect((await fetchOf('/no-validators.html')).result).toMatchObject({ outcome: 'handed-on' });
    expect((await fetchOf('/no-validators.html', { ifChanged: true })).result).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/^unchanged-content/) });
    expect((await fetchOf(ARTICLES.changing)).result).toMatchObject({ outcome: 'handed-on' });
    expect((await fetchOf(ARTICLES.changing, { ifChanged: true })).result).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/^not-modified/) });
    site.bumpChangingPage();
    expect((await fetchOf(ARTICLES.changing, { ifChanged: true })).result).toMatchObject({ outcome: 'handed-on' });
  });

  it('parks a page robots.txt disallows, without requesting it, and sends our User-Agent', async () => {
    const end = await fetchOf(ARTICLES.secret);
    expect(end.state).toBe('failed');
    expect(end.reason).toMatch(/^robots-disallowed: \/private\/bi-mat-1007\.html/);
    expect(site.hits(ARTICLES.secret)).toHaveLength(0);
    expect(site.hits('/robots.txt')).toHaveLength(1);
    expect(new Set(site.requests.map((r) => r.userAgent))).toEqual(new Set([config.fetch.userAgent]));
  });
});
