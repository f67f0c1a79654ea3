import type { JobPayloads, QueueName } from './queues';

/**
 * Outcomes and failure reasons as codes. Programs (metrics, the CLI, the demo) read the
 * code; the message beside it is for people and may change wording freely.
 */

/** Why a stage ended a job without handing it on. */
export const SkipCode = {
  /** The server answered 304 to our conditional GET. */
  notModified: 'not-modified',
  /** The body is byte for byte what the last fetch got. */
  unchangedContent: 'unchanged-content',
  /** No title and no body: nothing to index. */
  notAnArticle: 'not-an-article',
} as const;
export type SkipCode = (typeof SkipCode)[keyof typeof SkipCode];

/** A skip that means "already indexed as it is": success for whoever asked for the page. */
export function isUnchangedSkip(code: SkipCode): boolean {
  return code === SkipCode.notModified || code === SkipCode.unchangedContent;
}

/** Why a fetch did not give us a page (see @ingest/crawl FetchError). */
export type FetchFailureCode =
  | 'invalid-url'
  | 'unsupported-scheme'
  | 'connect-timeout'
  | 'read-timeout'
  | 'deadline'
  | 'network'
  | 'too-many-redirects'
  | 'redirect-loop'
  | 'http-status'
  | 'too-large'
  | 'unsupported-content-type'
  | 'decompression'
  | 'ssrf-blocked'
  | 'robots-disallowed'
  | 'robots-unavailable';

/** Why a job attempt failed, whatever the stage. */
export type FailureCode =
  | FetchFailureCode
  /** The raw page expired from the page store before the parser reached it. */
  | 'page-expired'
  /** Elasticsearch refused a document for now (429, 5xx, a write block): retried. */
  | 'index-unavailable'
  /** Elasticsearch refused a document for good (the mapping rejects it): parked. */
  | 'index-rejected'
  /** Extraction ran past PARSE_TIMEOUT_MS; its thread was ended: parked at once (it would time out again). */
  | 'extract-timeout'
  /** The extractor threw, or its thread died: retried, then parked with the error. */
  | 'extract-failed'
  /**
   * The job's worker died on it more than WORKER_MAX_STALLS times: BullMQ parked it ("job
   * stalled more than allowable limit") without running the stage again.
   */
  | 'worker-lost';

/**
 * A failure a stage knows the meaning of. `retryable` decides between "try again later"
 * (BullMQ back-off) and "park it with this reason" (the stage worker makes it unrecoverable).
 * By convention the message starts with the code, so a person reading a dead letter sees it.
 */
export class StageError extends Error {
  override readonly name: string = 'StageError';
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** The result of one run of a source (the discover stage). */
export interface DiscoverResult {
  outcome: 'discovered';
  sourceId: string;
  /** Why nothing was read (the source was paused or removed after this run was queued). */
  skipped?: 'source paused' | 'source removed';
  documents: number;
  found: number;
  enqueued: number;
  /** Documents and URLs not taken, each with a reason that starts with its code. */
  refused: { url: string; reason: string }[];
  /** visitIds of the fetch jobs enqueued (first 1000), so a caller can follow them. */
  visits: string[];
}

export interface IndexedOutcome {
  outcome: 'indexed';
  articleId: string;
  index: string;
  result: 'created' | 'updated' | 'noop';
}

export interface SkippedOutcome {
  outcome: 'skipped';
  code: SkipCode;
  /** For people: the code and the particulars. */
  reason: string;
}

/** What a stage hands to the next one: the next queue and the job it gets. */
export type HandOn = { [Q in 'parse' | 'index']: { outcome: 'handed-on'; next: Q; job: JobPayloads[Q] } }['parse' | 'index'];

/**
 * Not this host's turn: keep the job's place in line (its data, saved) and put it aside
 * for `ms`, without using an attempt.
 */
export interface WaitOutcome<N extends QueueName> {
  outcome: 'wait';
  host: string;
  ms: number;
  data: JobPayloads[N];
}

/** What a stage handler returns; the stage worker turns it into queue operations. */
export type StageOutcome<N extends QueueName> = HandOn | IndexedOutcome | SkippedOutcome | DiscoverResult | WaitOutcome<N>;

/** What each stage stores as its BullMQ job result, so callers can follow the chain. */
export type StageResult = { outcome: 'handed-on'; next: QueueName; jobId: string } | IndexedOutcome | SkippedOutcome | DiscoverResult;
