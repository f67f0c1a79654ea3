import { describe, expect, it } from 'vitest';
import type { IndexJob } from '@ingest/contracts';
import { IndexingError, type ArticleDocument } from '@ingest/search';
import { indexStage } from '../src/stages/index-stage';
import { context } from './fakes';

const job: IndexJob = {
  url: 'https://news.example/a.html',
  finalUrl: 'https://news.example/a.html',
  visitId: 'v1',
  requestedAt: 1,
  fetchedAt: '2026-12-03T10:00:00.000Z',
  contentHash: 'h1',
  article: {
    title: 'T', lead: '', authors: [], sourceLabel: null, publishedAt: null, modifiedAt: null, language: 'en', canonicalUrl: null, siteName: null, section: null,
    tags: [], images: [], body: 'Body text.', wordCount: 2, announcedTaskCount: null, taskHeading: null, tasks: [{ ordinal: 1, marker: '1.', text: 'one', paragraphs: 1 }], taskWarnings: [], warnings: [],
  },
};

describe('index stage', () => {
  it('writes the article (source: the host when the job names none) and reports the read alias', async () => {
    const written: ArticleDocument[] = [];
    const handler = indexStage({ articlesIndex: 'news-articles', writer: async () => ({ write: async (doc) => (written.push(doc), { articleId: doc.id, result: 'created' }) }) });
    const outcome = await handler(job, context());
    expect(outcome).toEqual({ outcome: 'indexed', articleId: written[0]!.id, index: 'news-articles', result: 'created' });
    expect(written[0]).toMatchObject({ source: 'news.example', taskCount: 1, title: 'T' });
  });

  it('lets a refused document through with its retryable flag, and a writer that is not ready', async () => {
    const rejected = new IndexingError('x', false, 'mapper_parsing_exception');
    const refusing = indexStage({ articlesIndex: 'a', writer: async () => ({ write: async () => Promise.reject(rejected) }) });
    await expect(refusing(job, context())).rejects.toMatchObject({ code: 'index-rejected', retryable: false });
    const down = indexStage({ articlesIndex: 'a', writer: async () => Promise.reject(new Error('no living connections')) });
    await expect(down(job, context())).rejects.toThrow('no living connections');
  });
});
