import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The one Prometheus registry of a process and every metric the project defines. Each
 * service exposes it on `/metrics` (the API on its port, workers on their health port).
 * Names follow Prometheus conventions: `_total` counters, `_seconds` and `_bytes` units.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** The part of a BullMQ Queue the queue gauge needs (structural: this package needs no bullmq). */
export interface CountableQueue {
  readonly name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed', 'paused'] as const;

/** Queue sets whose counts each scrape reads (filled by observeQueues). */
export const observedQueues = new Set<readonly CountableQueue[]>();

/** Jobs per queue and state, read from BullMQ at scrape time: as fresh as the scrape, free between scrapes. */
export const queueJobs: Gauge<'queue' | 'state'> = new Gauge({
  name: 'ingest_queue_jobs',
  help: 'Jobs in each BullMQ queue by state, read at scrape time',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const queues of observedQueues) {
      await Promise.all(
        queues.map(async (q) => {
          const counts = await q.getJobCounts(...QUEUE_STATES).catch(() => null);
          if (!counts) return; // Redis down: no figure rather than a wrong zero
          for (const state of QUEUE_STATES) this.set({ queue: q.name, state }, counts[state] ?? 0);
        }),
      );
    }
  },
});

/** Wall time a stage spent on one job attempt; outcome is the stage result, or "failed". */
export const jobDuration = new Histogram({
  name: 'ingest_job_duration_seconds',
  help: 'Time a stage worker spent on one job attempt, by stage and outcome',
  labelNames: ['stage', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [registry],
});

export const jobFailures = new Counter({
  name: 'ingest_job_failures_total',
  help: 'Failed job attempts by stage and reason class (a retried attempt counts too)',
  labelNames: ['stage', 'reason'] as const,
  registers: [registry],
});

export const jobsParked = new Counter({
  name: 'ingest_jobs_parked_total',
  help: 'Jobs parked in the failed set (retries exhausted or refused for good), by stage and reason class',
  labelNames: ['stage', 'reason'] as const,
  registers: [registry],
});

export const fetchResponses = new Counter({
  name: 'ingest_fetch_responses_total',
  help: 'Fetch attempts by HTTP status ("none" when no response) and reason ("ok" or why the page was refused)',
  labelNames: ['status', 'reason'] as const,
  registers: [registry],
});

export const fetchBytes = new Counter({
  name: 'ingest_fetch_bytes_total',
  help: 'Body bytes fetched, after decompression',
  registers: [registry],
});

export const extractionWarnings = new Counter({
  name: 'ingest_extraction_warnings_total',
  help: 'Warnings raised by the extractor, by warning class',
  labelNames: ['warning'] as const,
  registers: [registry],
});

export const bulkItems = new Counter({
  name: 'ingest_index_bulk_items_total',
  help: 'Documents sent to Elasticsearch by the indexer, by result (indexed or failed)',
  labelNames: ['result'] as const,
  registers: [registry],
});

export const politenessWait = new Histogram({
  name: 'ingest_politeness_wait_seconds',
  help: 'Time a fetch waited for its host slot (crawl delay / per-host concurrency), by host',
  labelNames: ['host'] as const,
  buckets: [0, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
  registers: [registry],
});

/** Freshness: from the moment a page was asked for to the moment it is searchable. */
export const freshness = new Histogram({
  name: 'ingest_freshness_seconds',
  help: 'End-to-end delay from the fetch request (requestedAt) to the article being indexed and searchable',
  buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 24 * 3600],
  registers: [registry],
});
