import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Logger } from '@ingest/config';
import { StageError, type IndexedArticle } from '@ingest/contracts';

export interface ExtractPoolOptions {
  /** Threads, each extracting one page at a time: the parse stage's concurrency. */
  threads: number;
  /** Longest extraction of one page (PARSE_TIMEOUT_MS), counted from when a thread starts on it. */
  timeoutMs: number;
  /**
   * The module a thread runs (default export `(html, url) => IndexedArticle`, synchronous);
   * `./extract-task.ts` unless a test hands in its own.
   */
  extractModule?: URL;
  /** Told when a thread cannot start (its module does not load). */
  logger?: Pick<Logger, 'error'>;
}

export interface ExtractPool {
  /** Extracts one page in a thread: an `extract-timeout` StageError past the limit, `extract-failed` when the thread throws or dies. */
  extract(html: string, url: string): Promise<IndexedArticle>;
  /** Ends every thread; a page still in one is failed. */
  close(): Promise<void>;
}

/**
 * Extraction off the event loop (piscina). A page that keeps the extractor busy past the
 * limit has its thread terminated — the only way to stop synchronous code — and piscina
 * starts a fresh one; meanwhile the event loop stays free, so job locks are renewed and
 * the other threads go on with other pages. One structured clone each way: the decoded
 * HTML in, the article without its blocks out.
 */
export function createExtractPool(opts: ExtractPoolOptions): ExtractPool {
  const extractModule = opts.extractModule ?? new URL('./extract-task.ts', import.meta.url);
  const pool = new Piscina({
    filename: new URL('./thread.mjs', import.meta.url).href,
    workerData: { extractModule: extractModule.href },
    minThreads: opts.threads,
    maxThreads: opts.threads,
    concurrentTasksPerWorker: 1,
    idleTimeout: Infinity,
  });
  // A thread that fails to start (its module does not load) would otherwise be an unhandled 'error'.
  pool.on('error', (err: unknown) => opts.logger?.error({ err }, 'extraction thread failed to start'));

  return {
    extract: async (html, url) => {
      const abort = new AbortController();
      const started = new MessageChannel();
      let timer: NodeJS.Timeout | undefined;
      started.port1.once('message', () => {
        timer = setTimeout(() => abort.abort(), opts.timeoutMs);
      });
      try {
        return (await pool.run({ html, url, started: started.port2 }, { transferList: [started.port2], signal: abort.signal })) as IndexedArticle;
      } catch (err) {
        if (abort.signal.aborted) {
          throw new StageError('extract-timeout', `extract-timeout: extraction took longer than ${opts.timeoutMs} ms; the page is parked`, false);
        }
        throw new StageError('extract-failed', `extract-failed: ${err instanceof Error ? err.message : String(err)}`, true);
      } finally {
        clearTimeout(timer);
        started.port1.close();
      }
    },
    close: () => pool.destroy(),
  };
}
