import { describe, expect, it } from 'vitest';
import { SkipCode, StageError, type ParseJob } from '@ingest/contracts';
import { parseStage } from '../src/stages/parse-stage';
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

function stageWith(pages: Record<string, string>) {
  return parseStage({ pages: { get: async (ref) => (ref in pages ? Buffer.from(pages[ref]!, 'utf8') : null) } });
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
});
