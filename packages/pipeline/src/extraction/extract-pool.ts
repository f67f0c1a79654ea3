import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Logger } from '@ingest/config';
import { StageError, type IndexedArticle } from '@ingest/contracts';
import type { RawPage } from '../stages/parse-stage';

export interface ExtractPoolOptions {
  /** Threads, each extracting one page at a time: the parse stage's concurrency. */
  threads: number;
  /** Longest extraction of one page (PARSE_TIMEOUT_MS), counted from when a thread starts on it. */
  timeoutMs: number;
  /**
   * The module a thread runs (default export `(html, url, fetchedAt?) => IndexedArticle`, synchronous);
   * `./extract-task.ts` unless a test hands in its own.
   */
  extractModule?: URL;
  /** Told when a thread cannot start (its module does not load). */
  logger?: Pick<Logger, 'error'>;
}

export interface ExtractPool {
  /**
   * Decodes and extracts one page in a thread: an `extract-timeout` StageError past the
   * limit, `extract-failed` when the thread throws or dies.
   */
  extract: (page: RawPage, url: string, fetchedAt?: string) => Promise<{ article: IndexedArticle; charset: string }>;
  /** Resolves once every thread has loaded the extractor and run it once (a readiness check). */
  warmedUp(): Promise<boolean>;
  /** Ends every thread; a page still in one is failed. */
  close(): Promise<void>;
}

/** The smallest page that takes a thread through decoding and the whole extractor. */
const WARM_UP_PAGE = Buffer.from('<html lang="vi"><head><title>Khởi động</title></head><body><article><h1>Khởi động</h1><p>Một đoạn văn ngắn.</p></article></body></html>');

/**
 * Extraction off the event loop (piscina). A page that keeps the extractor busy past the
 * limit has its thread terminated — the only way to stop synchronous code — and piscina
 * starts a fresh one; meanwhile the event loop stays free, so job locks are renewed and
 * the other threads go on with other pages. The page's bytes are moved to the thread (a
 * transfer, not a clone) and decoded there; one structured clone comes back: the article
 * without its blocks.
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

  const extract: ExtractPool['extract'] = async (page, url, fetchedAt) => {
    const abort = new AbortController();
    const started = new MessageChannel();
    let timer: NodeJS.Timeout | undefined;
    started.port1.once('message', () => {
      timer = setTimeout(() => abort.abort(), opts.timeoutMs);
    });
    // A copy of its own (a Buffer may share its memory with others), moved to the thread.
    const bytes = new Uint8Array(page.bytes);
    try {
      return (await pool.run({ bytes, contentType: page.contentType, url, fetchedAt, started: started.port2 }, { transferList: [bytes.buffer, started.port2], signal: abort.signal })) as { article: IndexedArticle; charset: string };
    } catch (err) {
      if (abort.signal.aborted) {
        throw new StageError('extract-timeout', `extract-timeout: extraction took longer than ${opts.timeoutMs} ms; the page is parked`, false);
      }
      throw new StageError('extract-failed', `extract-failed: ${err instanceof Error ? err.message : String(err)}`, true);
    } finally {
      clearTimeout(timer);
      started.port1.close();
    }
  };
  // One page per thread at start (a thread takes one at a time): each loads the extractor
  // and compiles its hot paths before the first real page, rather than on it.
  const warm = Promise.all(Array.from({ length: opts.threads }, () => extract({ bytes: WARM_UP_PAGE, contentType: 'text/html; charset=utf-8' }, 'https://warm-up.invalid/'))).then(
    () => true,
    () => false,
  );
  return { extract, warmedUp: () => warm, close: () => pool.destroy() };
}
