/**
 * Elasticsearch refused a document. `retryable` tells the caller what to do with it: a
 * full queue (429), an unavailable shard or a 5xx may pass on a later attempt; a document
 * the mapping rejects never will, and must be parked with `reason`.
 */
export class IndexingError extends Error {
  override readonly name = 'IndexingError';
  constructor(
    readonly articleId: string,
    readonly retryable: boolean,
    readonly reason: string,
  ) {
    super(`indexing ${articleId} failed${retryable ? ' (will retry)' : ''}: ${reason}`);
  }
}
