import type { Client } from '@elastic/elasticsearch';
import { documentCount, writeArticles, type WriteResult } from './article-writer';
import type { ArticleDocument } from './documents';
import { IndexingError } from './errors/indexing-error';
import type { IndexNames } from './index-names';

export interface ArticleBatcherOptions {
  /** Flush once this many documents (articles + tasks) are waiting. */
  maxDocs: number;
  /** Flush at the latest this long after the first waiting article arrived. */
  maxWaitMs: number;
  /**
   * Flush at once when this many writers are waiting: the caller's concurrency, since
   * then no further article can arrive until some of them are answered.
   */
  maxWaiting?: number;
  /** Bulk requests in flight at once; more waits for one to finish. */
  maxInFlight?: number;
  /**
   * Answer a writer only once its documents are searchable (default). The batcher then
   * refreshes the write indices itself after each bulk request, one refresh shared by every
   * request that came back meanwhile: acknowledged writes are visible within a refresh
   * (tens of ms) instead of up to `refresh_interval` with `refresh=wait_for`, and a busy
   * indexer still refreshes at most about twice per refresh's duration.
   */
  searchable?: boolean;
}

interface Pending {
  doc: ArticleDocument;
  arrivedAt: number;
  resolve(r: WriteResult): void;
  reject(e: IndexingError): void;
}

/**
 * Collects the articles of concurrently processed jobs into bulk requests (by count, by
 * time, or as soon as every writer is waiting) and answers each writer with its own
 * article's outcome once its bulk request came back and the indices were refreshed: an
 * answered write is durable (Elasticsearch acknowledges a bulk item once it is in the
 * translog) and searchable.
 */
export class ArticleBatcher {
  private pending: Pending[] = [];
  private pendingDocs = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private refreshing: Promise<void> | null = null;
  private nextRefresh: Promise<void> | null = null;
  private readonly opts: Required<ArticleBatcherOptions>;

  constructor(
    private readonly es: Client,
    private readonly names: IndexNames,
    opts: ArticleBatcherOptions,
  ) {
    this.opts = { maxWaiting: Number.POSITIVE_INFINITY, maxInFlight: 4, searchable: true, ...opts };
  }

  /** Resolves once the article is in Elasticsearch; rejects with an IndexingError. */
  write(doc: ArticleDocument): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new Error('article batcher is closed'));
    return new Promise<WriteResult>((resolve, reject) => {
      this.pending.push({ doc, arrivedAt: Date.now(), resolve, reject });
      this.pendingDocs += documentCount(doc);
      this.schedule();
    });
  }

  /** Sends everything waiting and resolves when every request in flight has come back. */
  async flush(): Promise<void> {
    while (this.pending.length || this.inFlight.size) {
      if (this.pending.length && this.inFlight.size < this.opts.maxInFlight) this.send();
      else await Promise.race(this.inFlight);
    }
  }

  /** Refuses new writes and flushes the rest: graceful shutdown loses nothing. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  get waiting(): number {
    return this.pending.length;
  }

  /** Sends now when a threshold is reached, else makes sure a timer will. */
  private schedule(): void {
    if (!this.pending.length) return;
    const dueIn = this.pending[0]!.arrivedAt + this.opts.maxWaitMs - Date.now();
    if (this.pendingDocs >= this.opts.maxDocs || this.pending.length >= this.opts.maxWaiting || dueIn <= 0) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), dueIn);
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight.size < this.opts.maxInFlight) this.send();
    // Otherwise the request that finishes next sends what is waiting.
  }

  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Take up to maxDocs documents (always at least one article).
    let docs = 0;
    let n = 0;
    while (n < this.pending.length && (n === 0 || docs + documentCount(this.pending[n]!.doc) <= this.opts.maxDocs)) docs += documentCount(this.pending[n++]!.doc);
    const batch = this.pending.splice(0, n);
    this.pendingDocs -= docs;
    const request = this.deliver(batch).finally(() => {
      this.inFlight.delete(request);
      this.schedule();
    });
    this.inFlight.add(request);
  }

  /**
   * A refresh that starts after this call returns covers every document written before it.
   * One already running may have started too early, so a caller then waits for the one
   * after it, which all such callers share.
   */
  private refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.es.indices
        .refresh({ index: [this.names.articlesWrite, this.names.tasksWrite] })
        .then(() => undefined)
        .finally(() => {
          this.refreshing = null;
        });
      return this.refreshing;
    }
    this.nextRefresh ??= this.refreshing
      .catch(() => undefined)
      .then(() => {
        this.nextRefresh = null;
        return this.refresh();
      });
    return this.nextRefresh;
  }

  private async deliver(batch: Pending[]): Promise<void> {
    let outcomes: Awaited<ReturnType<typeof writeArticles>>;
    try {
      outcomes = await writeArticles(this.es, this.names, batch.map((p) => p.doc), { refresh: false });
      if (this.opts.searchable) await this.refresh();
    } catch (err) {
      for (const p of batch) p.reject(new IndexingError('(batch)', true, (err as Error).message));
      return;
    }
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if (o instanceof IndexingError) p.reject(o);
      else p.resolve(o);
    });
  }
}
