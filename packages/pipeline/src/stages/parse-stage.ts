import { QueueName, SkipCode, StageError, traceOf, type Article, type IndexedArticle } from '@ingest/contracts';
import { decodeBody } from '@ingest/crawl';
import { extract } from '@ingest/extract';
import { metrics } from '@ingest/metrics';
import type { StageHandler } from '@ingest/queue';

/** A page as the page store keeps it: its bytes, and the Content-Type they came with. */
export interface RawPage {
  bytes: Uint8Array;
  contentType: string | null;
}

/**
 * Raw page + URL (+ when it was fetched: relative dates such as "2 giờ trước" count back from
 * it) → the article (its blocks may be left out: they are never handed on) and the
 * charset its bytes were decoded from. Decoding is the extraction's part, so that a pool
 * can do it in its thread: the bytes travel there without a copy, a decoded string would not.
 */
export type ExtractFn = (page: RawPage, url: string, fetchedAt?: string) => Promise<{ article: IndexedArticle | Article; charset: string }>;

/** decodeBody() and extract() on the calling thread: for tests and tools; the parser runs them in a thread pool (createExtractPool). */
export const extractInline: ExtractFn = async (page, url, fetchedAt) => {
  const { text, charset } = decodeBody(page.bytes, page.contentType);
  return { article: extract(text, url, { fetchedAt }), charset };
};

export interface ParseStageDeps {
  /** Where the fetcher left the raw page (see @ingest/queue PageStore). */
  pages: { get(ref: string): Promise<Buffer | null> };
  /**
   * The extraction, `extractInline` when unset. The parser passes its thread pool's, which
   * fails a page past PARSE_TIMEOUT_MS with `extract-timeout` and a crashed thread with `extract-failed`.
   */
  extract?: ExtractFn;
}

/** extract() caught its own exception: the page is failed (retried, then parked with this error), not skipped as empty. */
const EXTRACTION_FAILED = 'extraction failed';
/** The extractor's own word on why a page with no body is not an article ("the page is mostly links …"). */
const NOT_AN_ARTICLE = 'not an article: ';

/** parse: raw page from the store → charset and extract() (in the pool's thread) → an index job (without the article's blocks). */
export function parseStage(deps: ParseStageDeps): StageHandler<'parse'> {
  const extractPage = deps.extract ?? extractInline;
  return async (data, ctx) => {
    const raw = await deps.pages.get(data.pageRef);
    if (!raw) throw new StageError('page-expired', `page-expired: raw page ${data.pageRef} is no longer in the page store; crawl it again`, false);
    const extracted = await extractPage({ bytes: raw, contentType: data.contentType }, data.finalUrl, data.fetchedAt);
    const { charset } = extracted;
    const { blocks: _blocks, ...article } = extracted.article as IndexedArticle & { blocks?: unknown };
    metrics.extractionWarnings(article.warnings);
    const failed = article.warnings.find((w) => w.startsWith(EXTRACTION_FAILED));
    if (failed) throw new StageError('extract-failed', `extract-failed: ${failed}`, true);
    if (article.warnings.length) ctx.log.info({ warnings: article.warnings, charset }, 'extraction warnings');
    // A title alone is not an article: hub and listing pages have an <h1> too (a page of 50,000 links did).
    if (!article.body && !article.lead) {
      const why = article.warnings.find((w) => w.startsWith(NOT_AN_ARTICLE))?.slice(NOT_AN_ARTICLE.length) ?? (article.warnings.join('; ') || 'no body and no lead');
      return { outcome: 'skipped', code: SkipCode.notAnArticle, reason: `not-an-article: ${why}` };
    }
    return {
      outcome: 'handed-on',
      next: QueueName.index,
      job: {
        ...traceOf(data),
        url: data.url,
        finalUrl: data.finalUrl,
        fetchedAt: data.fetchedAt,
        contentHash: data.contentHash,
        article,
      },
    };
  };
}
