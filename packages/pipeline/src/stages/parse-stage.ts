import { QueueName, SkipCode, StageError, traceOf, toIndexedArticle } from '@ingest/contracts';
import { decodeBody } from '@ingest/crawl';
import { extract } from '@ingest/extract';
import { metrics } from '@ingest/metrics';
import type { StageHandler } from '@ingest/queue';

export interface ParseStageDeps {
  /** Where the fetcher left the raw page (see @ingest/queue PageStore). */
  pages: { get(ref: string): Promise<Buffer | null> };
}

/** parse: raw page from the store → charset → extract() → an index job (without the article's blocks). */
export function parseStage(deps: ParseStageDeps): StageHandler<'parse'> {
  return async (data, ctx) => {
    const raw = await deps.pages.get(data.pageRef);
    if (!raw) throw new StageError('page-expired', `page-expired: raw page ${data.pageRef} is no longer in the page store; crawl it again`, false);
    const { text, charset } = decodeBody(raw, data.contentType);
    const article = extract(text, data.finalUrl);
    metrics.extractionWarnings(article.warnings);
    if (article.warnings.length) ctx.log.info({ warnings: article.warnings, charset }, 'extraction warnings');
    if (!article.title && !article.body) return { outcome: 'skipped', code: SkipCode.notAnArticle, reason: `not-an-article: ${article.warnings.join('; ') || 'no title and no body'}` };
    return {
      outcome: 'handed-on',
      next: QueueName.index,
      job: {
        ...traceOf(data),
        url: data.url,
        finalUrl: data.finalUrl,
        fetchedAt: data.fetchedAt,
        contentHash: data.contentHash,
        article: toIndexedArticle(article),
      },
    };
  };
}
