import { createHash, randomUUID } from 'node:crypto';
import { toIndexedArticle, type IndexJob, type ParseJob } from '@ingest/contracts';
import { extract } from '@ingest/extract';
import { articlePage } from './news-site';

/** The url of page `n` of a made-up site (never fetched: these jobs skip the fetcher). */
export function pageUrl(base: string, n: number): string {
  return `${base}/thoi-su/ban-tin-${n}.html`;
}

/** An index job for page `n`, as the parser would have handed it on. */
export function indexJobFor(base: string, n: number, fetchedAt = '2024-04-01T00:00:00.000Z'): IndexJob {
  const url = pageUrl(base, n);
  const html = articlePage(n);
  return {
    visitId: randomUUID(),
    requestedAt: Date.now(),
    url,
    finalUrl: url,
    fetchedAt,
    contentHash: createHash('sha256').update(html).digest('hex'),
    article: toIndexedArticle(extract(html, url)),
  };
}

/** A parse job for page `n` and the raw page it points to, as the fetcher would have left them. */
export function parseJobFor(base: string, n: number): { job: ParseJob; body: Buffer } {
  const url = pageUrl(base, n);
  const body = Buffer.from(articlePage(n));
  const contentHash = createHash('sha256').update(body).digest('hex');
  return {
    body,
    job: { visitId: randomUUID(), requestedAt: Date.now(), url, finalUrl: url, pageRef: contentHash, fetchedAt: new Date().toISOString(), httpStatus: 200, contentType: 'text/html; charset=utf-8', contentHash },
  };
}
