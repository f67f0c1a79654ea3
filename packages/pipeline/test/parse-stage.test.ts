import { describe, expect, it } from 'vitest';
import { SkipCode, StageError, type ParseJob } from '@ingest/contracts';
import { extract } from '@ingest/extract';
import { extractInline, parseStage, type ExtractFn } from '../src/stages/parse-stage';
import { context } from './fakes';

const job: ParseJob = {
  url: 'https://news.example/a.html',
  finalUrl: 'https://news.example/a.html',
  visitId: 'v1',
  requestedAt: 1,
  pageRef: 'ref1',
  fetchedAt: '2026-12-03T10:00:00.000Z',
  httpStatus: 200,
  contentType: 'text/html; charset=windows-1258',
  contentHash: 'h1',
};

const article = `<html lang="en"><head><title>Three priorities for the port</title></head><body><article><h1>Three priorities for the port</h1>
<p>The harbour board set out three priorities for next year, the chairman said on Monday, after a long meeting.</p>
<p>First, the quays will be rebuilt so that larger ships can berth there safely, whatever the weather.</p>
<p>Second, the rail link will be doubled, which the board says will take lorries off the roads into town.</p>
<p>Third, the old customs house will become a museum, opening to visitors in the spring of next year.</p></article></body></html>`;

/** An article with nothing found, carrying these warnings. */
const emptyArticle = (warnings: string[] = []) => ({ article: { ...extract('', 'https://news.example/'), warnings }, charset: 'utf-8' });

function stageWith(pages: Record<string, string>, extract?: ExtractFn) {
  return parseStage({ pages: { get: async (ref) => (ref in pages ? Buffer.from(pages[ref]!, 'utf8') : null) }, extract });
}

describe('parse stage', () => {
  it('extracts the article and hands an index job on under the same visit, without the body’s blocks', async () => {
    const outcome = await stageWith({ ref1: article })({ ...job, contentType: 'text/html; charset=utf-8' }, context());
    expect(outcome).toMatchObject({ outcome: 'handed-on', next: 'index', job: { visitId: 'v1', url: job.url, contentHash: 'h1', article: { title: 'Three priorities for the port' } } });
    if (outcome.outcome !== 'handed-on' || outcome.next !== 'index') throw new Error('not handed on to index');
    expect(outcome.job.article.tasks.map((t) => t.marker)).toEqual(['First', 'Second', 'Third']);
    expect('blocks' in outcome.job.article).toBe(false);
  });

  it('parks a page that expired from the page store', async () => {
    const err = (await stageWith({})(job, context()).catch((e: unknown) => e)) as StageError;
    expect(err).toBeInstanceOf(StageError);
    expect([err.code, err.retryable]).toEqual(['page-expired', false]);
  });

  it('skips a page with neither title nor body', async () => {
    expect(await stageWith({ ref1: '<html><body></body></html>' })(job, context())).toMatchObject({ outcome: 'skipped', code: SkipCode.notAnArticle });
  });

  it('skips a page whose only text is a title: a hub of links is not an article', async () => {
    const links = Array.from({ length: 300 }, (_, i) => `<li><a href="/tin/${i}.html">Tin số ${i} trong ngày</a></li>`).join('');
    const hub = `<html><head><title>Tin mới</title></head><body><h1>Tin mới nhất</h1><ul>${links}</ul></body></html>`;
    const outcome = await stageWith({ ref1: hub })({ ...job, contentType: 'text/html; charset=utf-8' }, context());
    expect(outcome).toMatchObject({ outcome: 'skipped', code: SkipCode.notAnArticle });
    if (outcome.outcome === 'skipped') expect(outcome.reason).toBe('not-an-article: the page is mostly links (300 links, 100% of its text)');
  });

  it('hands the fetch time to the extraction, so relative dates count back from it', async () => {
    const page = `<html lang="en"><head><title>Port plan</title></head><body><article><h1>Port plan</h1><p class="date">3 hours ago</p>
<p>The harbour board set out its plan for next year, the chairman said, after a long meeting on the quays.</p>
<p>The quays will be rebuilt so that larger ships can berth there safely, whatever the weather brings in winter.</p></article></body></html>`;
    const outcome = await stageWith({ ref1: page })({ ...job, contentType: 'text/html; charset=utf-8' }, context());
    if (outcome.outcome !== 'handed-on' || outcome.next !== 'index') throw new Error(`not handed on: ${JSON.stringify(outcome)}`);
    expect(outcome.job.article.publishedAt).toBe('2026-12-03T07:00:00+00:00');
  });

  it('fails a page the extractor threw on, retryably, with the extractor’s error', async () => {
    const throwing: ExtractFn = async () => emptyArticle(['extraction failed: siblings.includes is not a function']);
    const err = (await stageWith({ ref1: article }, throwing)(job, context()).catch((e: unknown) => e)) as StageError;
    expect(err).toBeInstanceOf(StageError);
    expect([err.code, err.retryable, err.message]).toEqual(['extract-failed', true, 'extract-failed: extraction failed: siblings.includes is not a function']);
  });

  it('passes on what the injected extraction throws (the pool’s extract-timeout)', async () => {
    const timedOut: ExtractFn = async () => {
      throw new StageError('extract-timeout', 'extract-timeout: extraction took longer than 10 ms; the page is parked', false);
    };
    const err = (await stageWith({ ref1: article }, timedOut)(job, context()).catch((e: unknown) => e)) as StageError;
    expect([err.code, err.retryable]).toEqual(['extract-timeout', false]);
  });

  it('hands the stored bytes, their Content-Type, the final URL and the fetch time to the injected extraction', async () => {
    const seen: [string, string | null, string, string | undefined][] = [];
    const recording: ExtractFn = async (page, url, fetchedAt) => (seen.push([Buffer.from(page.bytes).toString('utf8'), page.contentType, url, fetchedAt]), emptyArticle());
    await stageWith({ ref1: '<p>Tiếng Việt</p>' }, recording)({ ...job, contentType: 'text/html; charset=utf-8' }, context());
    expect(seen).toEqual([['<p>Tiếng Việt</p>', 'text/html; charset=utf-8', job.finalUrl, job.fetchedAt]]);
  });

  it('decodes the page by its Content-Type charset before extracting (inline extraction)', async () => {
    // "Tiếng Việt" in windows-1258: ế is e + combining acute (0xEA 0xEC), ệ is ê + combining dot below (0xEA 0xF2).
    const title = Buffer.from([0x54, 0x69, 0xea, 0xec, 0x6e, 0x67, 0x20, 0x56, 0x69, 0xea, 0xf2, 0x74]);
    const bytes = Buffer.concat([Buffer.from('<html><head><title>'), title, Buffer.from('</title></head><body><p>x</p></body></html>')]);
    const out = await extractInline({ bytes, contentType: 'text/html; charset=windows-1258' }, job.finalUrl);
    expect(out.charset).toBe('windows-1258');
    expect(out.article.title.normalize('NFC')).toBe('Tiếng Việt');
  });
});
