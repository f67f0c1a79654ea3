import { metrics } from '@ingest/metrics';
import type { StageHandler } from '@ingest/queue';
import { minHashSignature, toArticleDocument, type ArticleDocument, type MinHashSignature, type WriteResult } from '@ingest/search';

export interface IndexStageDeps {
  /** The writer shared by every job in flight (an ArticleBatcher), once the indices exist; rejects with why not. */
  writer(): Promise<{ write(doc: ArticleDocument): Promise<WriteResult> }>;
  /** The alias an indexed article is read through, reported in the job's result. */
  articlesIndex: string;
  /**
   * Finds the story of an article among those seen before (a StoryRegistry: near copies
   * share one, the first seen is canonical); without it every article is its own story.
   */
  stories?: { assign(articleId: string, signature: MinHashSignature | null): Promise<string> };
}

/**
 * index: article + one document per task → Elasticsearch. The job ends only once its
 * documents came back from Elasticsearch and are searchable. A retryable refusal (429,
 * 5xx, unreachable) fails the attempt and BullMQ retries it; a stale version completes it
 * as `noop`; a document the mapping refuses is an IndexingError that is not retryable,
 * parked with Elasticsearch's reason.
 */
export function indexStage(deps: IndexStageDeps): StageHandler<'index'> {
  return async (data, ctx) => {
    const writer = await deps.writer();
    const { url, finalUrl, fetchedAt, contentHash } = data;
    const source = data.sourceId ?? new URL(finalUrl).hostname;
    const doc = toArticleDocument(data.article, { url, finalUrl, fetchedAt, contentHash, source });
    // Decided before the write (a Redis failure fails the attempt, to be retried); the
    // article's own id is its story's until then.
    if (deps.stories) doc.storyId = await deps.stories.assign(doc.storyId, minHashSignature(doc.body));
    try {
      const written = await writer.write(doc);
      metrics.bulkItems(1 + doc.taskCount);
      // From the fetch request to searchable: the write above waited for the refresh.
      metrics.indexedFreshness(data.requestedAt);
      ctx.log.debug({ articleId: written.articleId, result: written.result, tasks: doc.taskCount }, 'indexed');
      return { outcome: 'indexed', articleId: written.articleId, index: deps.articlesIndex, result: written.result };
    } catch (err) {
      metrics.bulkItems(0, 1 + doc.taskCount);
      throw err;
    }
  };
}
