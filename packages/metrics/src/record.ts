import { bounded, reasonClass, warningClass } from './label-values';
import { bulkItems, extractionWarnings, fetchBytes, fetchResponses, freshness, jobDuration, jobFailures, jobsParked, politenessWait } from './registry';

/**
 * What the code calls to record something: one line at the spot where it happens.
 * Label values are reduced to bounded classes here, so callers pass what they have.
 */
export const metrics = {
  /** One job attempt finished (outcome = the stage result's outcome, or "failed"). */
  jobAttempt(stage: string, outcome: string, seconds: number): void {
    jobDuration.observe({ stage, outcome: bounded('outcome', outcome) }, seconds);
  },

  /** One job attempt failed; `parked` when no retry follows (the job is now a dead letter). */
  jobFailed(stage: string, err: unknown, parked: boolean): void {
    const reason = bounded('reason', reasonClass(err));
    jobFailures.inc({ stage, reason });
    if (parked) jobsParked.inc({ stage, reason });
  },

  /** A page became searchable: `requestedAt` is when its fetch was asked for (ms since epoch). */
  indexedFreshness(requestedAt: number | undefined, now = Date.now()): void {
    if (requestedAt !== undefined && Number.isFinite(requestedAt) && requestedAt > 0) freshness.observe(Math.max(0, now - requestedAt) / 1000);
  },

  /** One fetch attempt: `status` the HTTP status (none when no response), `reason` "ok" or why it was refused. */
  fetchOutcome(status: number | null | undefined, reason: string, bytes = 0): void {
    fetchResponses.inc({ status: status ? String(status) : 'none', reason: bounded('fetch-reason', reason) });
    if (bytes > 0) fetchBytes.inc(bytes);
  },

  extractionWarnings(warnings: readonly string[]): void {
    for (const w of warnings) extractionWarnings.inc({ warning: bounded('warning', warningClass(w)) });
  },

  /** Documents of one bulk request (or one write) that Elasticsearch accepted / refused. */
  bulkItems(indexed: number, failed = 0): void {
    if (indexed > 0) bulkItems.inc({ result: 'indexed' }, indexed);
    if (failed > 0) bulkItems.inc({ result: 'failed' }, failed);
  },

  /** How long a fetch waited for its host's politeness slot. */
  politenessWait(host: string, seconds: number): void {
    politenessWait.observe({ host: bounded('host', host) }, seconds);
  },
};
