import { Gauge } from 'prom-client';
import { registry } from './registry';

/** What the per-source gauges show of one source: its health word and its last finished run. */
export interface SourceSample {
  sourceId: string;
  health: string;
  /** Of the last finished run; null before the first. */
  lastRun: { newArticles: number; failedPages: number; finishedAt: number } | null;
}

/** Sources given labels of their own; past this many (by id) they count only in `ingest_sources`, so the series stay bounded. */
export const MAX_SOURCES_LABELLED = 200;
export const HEALTH_WORDS = ['ok', 'failing', 'quiet', 'blocked'] as const;

/** Readers of the sources' health, called at each scrape (filled by observeSources). */
const readers = new Set<() => Promise<SourceSample[]>>();
let latest: Promise<SourceSample[]> | null = null;

/** One read per scrape, shared by the gauges below; a Redis outage gives no figure rather than a wrong one. */
function samples(): Promise<SourceSample[]> {
  latest ??= Promise.all([...readers].map((read) => read().catch(() => [] as SourceSample[])))
    .then((all) => all.flat().sort((a, b) => a.sourceId.localeCompare(b.sourceId)))
    .finally(() => setImmediate(() => (latest = null)));
  return latest;
}

function perSource(name: string, help: string, value: (s: SourceSample) => number | null): Gauge<'source'> {
  return new Gauge({
    name,
    help,
    labelNames: ['source'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const s of (await samples()).slice(0, MAX_SOURCES_LABELLED)) {
        const v = value(s);
        if (v !== null) this.set({ source: s.sourceId }, v);
      }
    },
  });
}

/** 1 for the source's current health word, 0 for the others: `ingest_source_health{health="quiet"} == 1` is the alert. */
export const sourceHealth: Gauge<'source' | 'health'> = new Gauge({
  name: 'ingest_source_health',
  help: 'Health word of each source (1 for the current one): ok, failing, quiet or blocked',
  labelNames: ['source', 'health'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const s of (await samples()).slice(0, MAX_SOURCES_LABELLED)) for (const h of HEALTH_WORDS) this.set({ source: s.sourceId, health: h }, s.health === h ? 1 : 0);
  },
});

export const sourcesByHealth: Gauge<'health'> = new Gauge({
  name: 'ingest_sources',
  help: 'Sources by health word (every source, labelled or not)',
  labelNames: ['health'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    const all = await samples();
    if (!readers.size) return;
    for (const h of HEALTH_WORDS) this.set({ health: h }, all.filter((s) => s.health === h).length);
  },
});

export const sourceLastRunNew = perSource('ingest_source_last_run_new_articles', 'New articles of the last finished run of each source', (s) => s.lastRun?.newArticles ?? null);
export const sourceLastRunFailed = perSource('ingest_source_last_run_failed_pages', 'Pages parked for good in the last finished run of each source', (s) => s.lastRun?.failedPages ?? null);
export const sourceLastRunFinished = perSource('ingest_source_last_run_finished_timestamp_seconds', 'When the last finished run of each source ended (Unix time)', (s) =>
  s.lastRun ? s.lastRun.finishedAt / 1000 : null,
);

/** Reports the sources `read` returns on every scrape until the returned function is called. */
export function observeSources(read: () => Promise<SourceSample[]>): () => void {
  readers.add(read);
  return () => void readers.delete(read);
}
