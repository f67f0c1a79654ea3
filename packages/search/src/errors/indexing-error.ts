import { StageError } from '@ingest/contracts';

/**
 * Elasticsearch refused a document. `retryable` tells the caller what to do with it: a
 * full queue (429), an unavailable shard or a 5xx may pass on a later attempt; a document
 * the mapping rejects never will, and must be parked with `reason`.
 */
export class IndexingError extends StageError {
  override readonly name = 'IndexingError';
  constructor(
    readonly articleId: string,
    retryable: boolean,
    readonly reason: string,
  ) {
    super(retryable ? 'index-unavailable' : 'index-rejected', `indexing ${articleId} failed${retryable ? ' (will retry)' : ''}: ${reason}`, retryable);
  }
}
