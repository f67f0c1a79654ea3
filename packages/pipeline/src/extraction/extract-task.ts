import { toIndexedArticle, type IndexedArticle } from '@ingest/contracts';
import { extract } from '@ingest/extract';

/**
 * What an extraction thread runs for one page: extract() without the body's blocks, which
 * the parse stage never hands on (so they are not cloned back from the thread).
 */
export default function extractPage(html: string, url: string, fetchedAt?: string): IndexedArticle {
  return toIndexedArticle(extract(html, url, { fetchedAt }));
}
