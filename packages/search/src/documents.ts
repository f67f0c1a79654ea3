import { createHash } from 'node:crypto';
import type { Article, ArticleTask } from '@ingest/contracts';

/** What an article looks like in the index. */
export interface ArticleDocument {
  url: string;
  finalUrl: string;
  canonicalUrl: string | null;
  source: string;
  siteName: string | null;
  sourceLabel: string | null;
  title: string;
  lead: string;
  body: string;
  authors: string[];
  section: string | null;
  tags: string[];
  language: string | null;
  publishedAt: string | null;
  modifiedAt: string | null;
  fetchedAt: string;
  indexedAt: string;
  contentHash: string;
  wordCount: number;
  images: Article['images'];
  announcedTaskCount: number | null;
  taskHeading: string | null;
  taskCount: number;
  tasks: ArticleTask[];
}

export interface TaskDocument extends ArticleTask {
  articleId: string;
  articleTitle: string;
  url: string;
  source: string;
  language: string | null;
  publishedAt: string | null;
  indexedAt: string;
}

/**
 * Deterministic id from the page's normalised URL: visiting the same page again
 * overwrites its document instead of adding a second one.
 */
export function articleIdFor(normalizedUrl: string): string {
  return createHash('sha256').update(normalizedUrl).digest('hex').slice(0, 40);
}

export function taskIdFor(articleId: string, ordinal: number): string {
  return `${articleId}-${ordinal}`;
}

export interface PageVisit {
  url: string;
  finalUrl: string;
  source: string;
  fetchedAt: string;
  contentHash: string;
}

export function toArticleDocument(article: Article, visit: PageVisit, indexedAt = new Date().toISOString()): ArticleDocument {
  return {
    url: visit.url,
    finalUrl: visit.finalUrl,
    canonicalUrl: article.canonicalUrl,
    source: visit.source,
    siteName: article.siteName,
    sourceLabel: article.sourceLabel,
    title: article.title,
    lead: article.lead,
    body: article.body,
    authors: article.authors,
    section: article.section,
    tags: article.tags,
    language: article.language,
    publishedAt: article.publishedAt,
    modifiedAt: article.modifiedAt,
    fetchedAt: visit.fetchedAt,
    indexedAt,
    contentHash: visit.contentHash,
    wordCount: article.wordCount,
    images: article.images,
    announcedTaskCount: article.announcedTaskCount,
    taskHeading: article.taskHeading,
    taskCount: article.tasks.length,
    tasks: article.tasks,
  };
}

export function toTaskDocuments(articleId: string, doc: ArticleDocument): TaskDocument[] {
  return doc.tasks.map((t) => ({
    ...t,
    articleId,
    articleTitle: doc.title,
    url: doc.url,
    source: doc.source,
    language: doc.language,
    publishedAt: doc.publishedAt,
    indexedAt: doc.indexedAt,
  }));
}
