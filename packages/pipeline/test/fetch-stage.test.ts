import { describe, expect, it } from 'vitest';
import { SkipCode, StageError, type FetchJob } from '@ingest/contracts';
import { FetchError } from '@ingest/crawl';
import { fetchStage } from '../src/stages/fetch-stage';
import { context, page, scriptedFetcher, source } from './fakes';

const job = (url: string, extra: Partial<FetchJob> = {}): FetchJob => ({ url, visitId: 'v1', requestedAt: 1, ...extra });

function stageWith(answers: Parameters<typeof scriptedFetcher>[0], sources: Record<string, ReturnType<typeof source>> = {}) {
  const stored = new Map<string, Buffer>();
  const polite = scriptedFetcher(answers);
  const handler = fetchStage({
    polite,
    pages: { put: async (hash, body) => (stored.set(hash, body), hash) },
    sources: { get: async (id) => sources[id] ?? null },
  });
  return { handler, polite, stored };
}

describe('fetch stage', () => {
  it('stores the page and hands a parse job on under the same visit, with the URL normalised', async () => {
    const p = page('https://news.example/a.html', '<html><title>A</title></html>');
    const { handler, stored } = stageWith({ 'https://news.example/a.html': { kind: 'page', page: p } });
    const outcome = await handler(job('https://NEWS.example/a.html#top', { sourceId: 's' }), context());
    expect(outcome).toMatchObject({ outcome: 'handed-on', next: 'parse', job: { visitId: 'v1', sourceId: 's', url: 'https://news.example/a.html', pageRef: p.contentHash, httpStatus: 200, contentHash: p.contentHash } });
    expect(stored.get(p.contentHash)?.toString()).toContain('<title>A</title>');
  });

  it('waits for the host with its place in line saved in the job, using the source’s own delay', async () => {
    const { handler, polite } = stageWith({ 'https://news.example/b.html': { kind: 'wait', waitMs: 750, slot: 42 } }, { slow: source({ id: 'slow', feeds: ['https://news.example/feed'], politeness: { delayMs: 5000 } }) });
    const outcome = await handler(job('https://news.example/b.html', { sourceId: 'slow' }), context());
    expect(outcome).toEqual({ outcome: 'wait', host: 'news.example', ms: 750, data: job('https://news.example/b.html', { sourceId: 'slow', hostSlot: 42 }) });
    expect(polite.visits[0]!.opts).toMatchObject({ delayMs: 5000, token: 'attempt-1', ifChanged: false });
  });

  it('skips a page the server says did not change, or whose body is the same, with a code', async () => {
    const same = page('https://news.example/c.html', 'same');
    const { handler } = stageWith({ 'https://news.example/c.html': [{ kind: 'not-modified' }, { kind: 'unchanged', page: same }] });
    expect(await handler(job('https://news.example/c.html', { ifChanged: true }), context())).toMatchObject({ outcome: 'skipped', code: SkipCode.notModified });
    expect(await handler(job('https://news.example/c.html', { ifChanged: true }), context())).toMatchObject({ outcome: 'skipped', code: SkipCode.unchangedContent, reason: expect.stringMatching(/^unchanged-content: /) });
  });

  it('lets a fetch refusal through as it is (the stage worker parks or retries by its retryable flag)', async () => {
    const refused = new FetchError('http-status', 'HTTP 404', false, 404);
    const { handler } = stageWith({ 'https://news.example/gone.html': refused });
    await expect(handler(job('https://news.example/gone.html'), context())).rejects.toBe(refused);
  });

  it('refuses a URL it cannot read, for good', async () => {
    const { handler } = stageWith({});
    const err = (await handler(job('not a url'), context()).catch((e: unknown) => e)) as StageError;
    expect(err).toBeInstanceOf(StageError);
    expect({ code: err.code, retryable: err.retryable, message: err.message }).toEqual({ code: 'invalid-url', retryable: false, message: 'invalid-url: not a url' });
  });
});
