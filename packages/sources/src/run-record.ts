/** What started a run: its source's schedule, or someone asking for it now (`ingest crawl <id>`, POST /crawls, the sources page). */
export type RunTrigger = 'scheduled' | 'requested';

/** `running` until discovery is done and every page it enqueued ended; `failed` when the run itself (its discover job) was parked. */
export type RunStatus = 'running' | 'finished' | 'failed';

/** One run of a source as people read it: what it found, what became of each page, when. */
export interface RunRecord {
  id: string;
  sourceId: string;
  trigger: RunTrigger;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  /** Why the run failed (its discover job's last error), when it did. */
  error: string | null;
  /** Feeds, sitemaps and seed pages read (or tried). */
  documents: number;
  /** Article URLs listed that passed the source's patterns (robots-refused and over-cap ones included). */
  discovered: number;
  /** Pages this run sent to the fetcher: new URLs, or listed with a newer lastmod. */
  enqueued: number;
  /** Not taken or not handed on, by why: `seen` (enqueued by an earlier run), `over-cap`, `not-modified`, `unchanged-content`, `not-an-article`. */
  skipped: Record<string, number>;
  /** Pages the fetcher got a new body for and handed to the parser. */
  fetched: number;
  parsed: number;
  indexed: number;
  /** Of the indexed, those not in the index before. */
  newArticles: number;
  /** Pages parked for good, by reason (`http-404`, `http-403`, `robots-disallowed`, `read-timeout`…). */
  failed: Record<string, number>;
  /** Article URLs refused at discovery, by reason (`robots-disallowed`); never enqueued. */
  refused: Record<string, number>;
  /** Enqueued pages that reached their end (indexed, skipped or parked). */
  pagesEnded: number;
  /** Of the fetcher's attempts that ended, those parked (for the `failing` health word). */
  fetchFailed: number;
  /** The newest `publishedAt` of an article this run indexed. */
  newestPublishedAt: string | null;
}

/** Sum of a by-reason record. */
export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

const num = (v: string | undefined) => (v ? Number(v) : 0);
const iso = (ms: string | undefined) => (ms ? new Date(Number(ms)).toISOString() : null);

/** A run's Redis hash (see RunLedger) as a RunRecord; counters under `skipped:`, `failed:` and `refused:` become records by reason. */
export function runRecordOf(h: Record<string, string>): RunRecord {
  const byPrefix = (prefix: string) =>
    Object.fromEntries(
      Object.entries(h)
        .filter(([k, v]) => k.startsWith(prefix) && Number(v) > 0)
        .map(([k, v]) => [k.slice(prefix.length), Number(v)])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  return {
    id: h.id ?? '',
    sourceId: h.sourceId ?? '',
    trigger: h.trigger === 'requested' ? 'requested' : 'scheduled',
    status: h.status === 'finished' || h.status === 'failed' ? h.status : 'running',
    startedAt: iso(h.startedAt) ?? new Date(0).toISOString(),
    finishedAt: iso(h.finishedAt),
    error: h.error ?? null,
    documents: num(h.documents),
    discovered: num(h.discovered),
    enqueued: num(h.enqueued),
    skipped: byPrefix('skipped:'),
    fetched: num(h.fetched),
    parsed: num(h.parsed),
    indexed: num(h.indexed),
    newArticles: num(h.new),
    failed: byPrefix('failed:'),
    refused: byPrefix('refused:'),
    pagesEnded: num(h.ended),
    fetchFailed: num(h.fetchFailed),
    newestPublishedAt: h.newestPublishedAt || null,
  };
}
