import type { DiscoverProgress, DiscoverResult } from '@ingest/contracts';
import type { DiscoveryCounts, Source } from '@ingest/sources';

/** Refusals and visit ids kept in a run's progress (and result): enough to follow, bounded in Redis. */
const MAX_REFUSED_KEPT = 200;
const MAX_VISITS_KEPT = 1_000;

/** The discovery documents of a fresh run: every feed, sitemap and seed of the source. */
export function freshProgress(source: Source): DiscoverProgress {
  return {
    pending: [
      ...source.feeds.map((url) => ({ url, kind: 'feed' as const, depth: 0 })),
      ...source.sitemaps.map((url) => ({ url, kind: 'sitemap' as const, depth: 0 })),
      ...source.seeds.map((url) => ({ url, kind: 'seed' as const, depth: 0 })),
    ],
    done: 0,
    sitemapsRead: 0,
    found: 0,
    enqueued: 0,
    refused: [],
    visits: [],
  };
}

/** Records a URL or document not taken, with a reason that starts with its code. */
export function refuse(progress: DiscoverProgress, url: string, reason: string): void {
  if (progress.refused.length < MAX_REFUSED_KEPT) progress.refused.push({ url, reason });
}

/** A candidate article URL not taken: a robots.txt refusal also counts for the run's record. */
export function refuseCandidate(progress: DiscoverProgress, url: string, reason: string): void {
  if (reason.startsWith('robots-disallowed')) progress.robotsRefused = (progress.robotsRefused ?? 0) + 1;
  refuse(progress, url, reason);
}

export function recordVisits(progress: DiscoverProgress, visitIds: string[]): void {
  progress.enqueued += visitIds.length;
  for (const id of visitIds) if (progress.visits.length < MAX_VISITS_KEPT) progress.visits.push(id);
}

/** The current document is behind us, read or not. */
export function documentDone(progress: DiscoverProgress): void {
  const doc = progress.pending.shift();
  delete progress.slot;
  progress.done++;
  if (doc?.kind === 'sitemap') progress.sitemapsRead++;
}

export function runResult(sourceId: string, progress: DiscoverProgress): DiscoverResult {
  return { outcome: 'discovered', sourceId, documents: progress.done, found: progress.found, enqueued: progress.enqueued, refused: progress.refused, visits: progress.visits };
}

/** The run's discovery totals for its record: URLs not enqueued were seen by an earlier run. */
export function discoveryCounts(progress: DiscoverProgress): DiscoveryCounts {
  const robotsRefused = progress.robotsRefused ?? 0;
  const overCap = progress.overCap ?? 0;
  return { documents: progress.done, discovered: progress.found + robotsRefused + overCap, enqueued: progress.enqueued, seen: progress.found - progress.enqueued, overCap, robotsRefused };
}

export function nothingRead(sourceId: string, skipped: NonNullable<DiscoverResult['skipped']>): DiscoverResult {
  return { outcome: 'discovered', sourceId, skipped, documents: 0, found: 0, enqueued: 0, refused: [], visits: [] };
}
