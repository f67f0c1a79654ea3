import { createHash } from 'node:crypto';
import type { Article, IndexJob } from '@ingest/contracts';
import { toArticleDocument, type ArticleDocument } from '@ingest/search';
import { seedExpected as seed } from '../../packages/extract/test/seed-expected';

export { seed };

/** An extracted article as the parser hands it on; fields overridable. */
export function article(overrides: Partial<Article> = {}): Article {
  return {
    title: 'Untitled',
    lead: '',
    authors: [],
    sourceLabel: null,
    publishedAt: '2024-01-01T08:00:00+07:00',
    modifiedAt: null,
    language: 'en',
    canonicalUrl: null,
    siteName: null,
    section: null,
    tags: [],
    images: [],
    body: '',
    blocks: [],
    wordCount: 0,
    announcedTaskCount: null,
    taskHeading: null,
    tasks: [],
    taskWarnings: [],
    warnings: [],
    ...overrides,
  };
}

export function seedArticle(overrides: Partial<Article> = {}): Article {
  return article({
    title: seed.title,
    lead: seed.lead,
    authors: seed.authors,
    publishedAt: seed.publishedAt,
    language: 'vi',
    body: seed.bodyParagraphs.join('\n\n'),
    announcedTaskCount: 6,
    taskHeading: '6 nhiệm vụ trọng tâm',
    tasks: seed.tasks.map((t) => ({ ...t, paragraphs: 1 })),
    ...overrides,
  });
}

export function indexJob(url: string, a: Article, fetchedAt = '2024-01-01T00:00:00Z', sourceId?: string): IndexJob {
  return { url, finalUrl: url, fetchedAt, contentHash: 'h-' + fetchedAt, visitId: `v-${createHash('sha1').update(url + fetchedAt).digest('hex')}`, requestedAt: Date.now(), article: a, ...(sourceId ? { sourceId } : {}) };
}

export function doc(url: string, a: Article, fetchedAt = '2024-01-01T00:00:00Z', source = new URL(url).hostname): ArticleDocument {
  return toArticleDocument(a, { url, finalUrl: url, source, fetchedAt, contentHash: 'h' });
}
