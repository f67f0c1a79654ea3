import type { IndexedArticle } from './article';

/**
 * The one place that names the queues and the payload each carries. Producer and
 * consumer both import from here, so a rename or a new field cannot drift apart.
 */
export const QueueName = {
  /** A source's run: read its feeds, sitemaps and seed pages, enqueue new article URLs. */
  discover: 'discover',
  fetch: 'fetch',
  parse: 'parse',
  index: 'index',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: readonly QueueName[] = [QueueName.discover, QueueName.fetch, QueueName.parse, QueueName.index];

/** Carried through every stage so a crawl can be followed from end to end. */
export interface JobTrace {
  /** Id shared by the fetch, parse and index jobs of one page visit. */
  visitId: string;
  /** Source definition that asked for this page, when any. */
  sourceId?: string;
  /** The source run (its discover job's id) that enqueued this page, when any: its counters are kept per run. */
  runId?: string;
  /** When the fetch was requested (ms since epoch), for freshness figures. */
  requestedAt: number;
}

/** The trace a stage passes on to the next stage's job unchanged. */
export function traceOf(job: JobTrace): JobTrace {
  return { visitId: job.visitId, ...(job.sourceId ? { sourceId: job.sourceId } : {}), ...(job.runId ? { runId: job.runId } : {}), requestedAt: job.requestedAt };
}

export interface FetchJob extends JobTrace {
  url: string;
  /**
   * Set by discovery: send the remembered ETag / Last-Modified and skip the page when it
   * answers 304 or its body hash is unchanged. A crawl a user asks for explicitly refetches.
   */
  ifChanged?: boolean;
  /** Place in the host's line while the job waits for its turn (see @ingest/crawl HostGate). */
  hostSlot?: number;
}

/** One run of a source: fired by its job scheduler, or asked for by `ingest crawl <source-id>`. */
export interface DiscoverJob {
  sourceId: string;
  /** Shown in logs and dead letters: `source:<id>`. */
  url?: string;
  visitId?: string;
  requestedAt?: number;
  /** Progress of a run across politeness delays (filled in by the discover worker). */
  progress?: DiscoverProgress;
}

export interface DiscoverProgress {
  /** Discovery documents still to read, with what they are and how deep (sitemap index → child). */
  pending: { url: string; kind: 'feed' | 'sitemap' | 'seed'; depth: number }[];
  done: number;
  sitemapsRead: number;
  found: number;
  enqueued: number;
  refused: { url: string; reason: string }[];
  visits: string[];
  /** Article URLs refused by robots.txt, and left over past the per-run cap, for the run's counts (not bounded like `refused`). */
  robotsRefused?: number;
  overCap?: number;
  /** Place in the current document's host line while the run waits for its turn. */
  slot?: number;
}

export interface ParseJob extends JobTrace {
  /** URL asked for. */
  url: string;
  /** URL after redirects. */
  finalUrl: string;
  /** Key of the raw page in the bounded page store (see @ingest/queue PageStore). */
  pageRef: string;
  fetchedAt: string;
  httpStatus: number;
  contentType: string | null;
  /** sha256 of the body bytes. */
  contentHash: string;
}

export interface IndexJob extends JobTrace {
  url: string;
  finalUrl: string;
  fetchedAt: string;
  contentHash: string;
  article: IndexedArticle;
}

export interface JobPayloads {
  discover: DiscoverJob;
  fetch: FetchJob;
  parse: ParseJob;
  index: IndexJob;
}
