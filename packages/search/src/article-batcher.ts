import { performance } from 'node:perf_hooks';
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
   * refreshes the write indices itself, one refresh shared by the writers of every bulk
   * request that came back before it (see `minRefreshIntervalMs`): a lone write is visible
   * within tens of ms instead of up to `refresh_interval` with `refresh=wait_for`.
   */
  searchable?: boolean;
  /**
   * Shortest time between the starts of two refreshes (default 1000 ms, Elasticsearch's
   * default refresh interval; the indices' own timer is only a 30 s backstop). A lone write
   * is refreshed at once; under load the writers of every bulk request that comes back
   * meanwhile share the next refresh. Each refresh writes a new
   * segment that must later be merged: refreshing after every bulk request made
   * Elasticsearch spend half again the CPU of the bulk requests themselves.
   */
  minRefreshIntervalMs?: number;
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
  /** Bulk requests sent and not yet answered by Elasticsearch. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Batches written and waiting for their refresh before their writers are answered. */
  private readonly answering = new Set<Promise<void>>();
  private closed = false;
  private refreshing: Promise<void> | null = null;
  private nextRefresh: Promise<void> | null = null;
  private startNextRefresh: (() => void) | null = null;
  private refreshTimer: NodeJS.Timeout | undefined;
  private lastRefreshStartedAt = Number.NEGATIVE_INFINITY;
  private readonly opts: Required<ArticleBatcherOptions>;

  constructor(
    private readonly es: Client,
    private readonly names: IndexNames,
    opts: ArticleBatcherOptions,
  ) {
    this.opts = { maxWaiting: Number.POSITIVE_INFINITY, maxInFlight: 4, searchable: true, minRefreshIntervalMs: 1000, ...opts };
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

  /** Sends everything waiting and resolves when every writer has been answered. */
  async flush(): Promise<void> {
    while (this.pending.length || this.inFlight.size || this.answering.size) {
      if (this.pending.length && this.inFlight.size < this.opts.maxInFlight) this.send();
      else await Promise.race([...this.inFlight, ...this.answering]);
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
    const written = writeArticles(this.es, this.names, batch.map((p) => p.doc), { refresh: false });
    // The slot is free as soon as the bulk request is answered: waiting for the refresh
    // must not keep Elasticsearch from indexing the next batch meanwhile.
    const request = written
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.inFlight.delete(request);
        this.schedule();
        this.maybeRefresh();
      });
    this.inFlight.add(request);
    const answered = this.answer(batch, written).finally(() => this.answering.delete(answered));
    this.answering.add(answered);
  }

  /**
   * Resolves after a refresh that started after this call, so it covers every document
   * written before it. Callers share the next refresh; it starts once none is running and
   * either no other write is on its way (nothing would join it by waiting) or
   * `minRefreshIntervalMs` has passed since the last one started.
   */
  private refresh(): Promise<void> {
    this.nextRefresh ??= new Promise<void>((resolve, reject) => {
      this.startNextRefresh = () => {
        this.nextRefresh = null;
        this.startNextRefresh = null;
        clearTimeout(this.refreshTimer);
        this.refreshTimer = undefined;
        this.lastRefreshStartedAt = performance.now();
        this.refreshing = this.es.indices
          .refresh({ index: [this.names.articlesWrite, this.names.tasksWrite] })
          .then(() => undefined)
          .finally(() => {
            this.refreshing = null;
            this.maybeRefresh();
          });
        this.refreshing.then(resolve, reject);
      };
    });
    // Taken before maybeRefresh, which may start it (and so forget it) at once.
    const next = this.nextRefresh;
    this.maybeRefresh();
    return next;
  }

  private maybeRefresh(): void {
    if (!this.startNextRefresh || this.refreshing) return;
    const quiet = !this.inFlight.size && !this.pending.length;
    const wait = this.lastRefreshStartedAt + this.opts.minRefreshIntervalMs - performance.now();
    if (quiet || wait <= 0) this.startNextRefresh();
    else this.refreshTimer ??= setTimeout(() => this.maybeRefresh(), wait);
  }

  private async answer(batch: Pending[], written: ReturnType<typeof writeArticles>): Promise<void> {
    let outcomes: Awaited<typeof written>;
    try {
      outcomes = await written;
      if (this.opts.searchable && outcomes.some((o) => !(o instanceof IndexingError))) await this.refresh();
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
