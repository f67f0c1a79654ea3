import type { DiscoverJob, DiscoverProgress } from '@ingest/contracts';
import { decodeBody, FetchError, normalizeUrl, type DiscoveredUrl, type PoliteFetcher, type SeenUrls } from '@ingest/crawl';
import { metrics } from '@ingest/metrics';
import type { StageContext, StageHandler, VisitRequest } from '@ingest/queue';
import type { RunLedger, Source } from '@ingest/sources';
import { keepCandidates, listingOf, type DiscoveryDocument } from '../discovery/candidates';
import { discoveryCounts, documentDone, freshProgress, nothingRead, recordVisits, refuse, refuseCandidate, runResult } from '../discovery/run-progress';

export interface DiscoverLimits {
  /** Article URLs taken from one run (DISCOVER_MAX_URLS; a source's maxUrlsPerRun may lower it). */
  maxUrls: number;
  maxSitemaps: number;
  maxSitemapDepth: number;
}

export interface DiscoverStageDeps {
  sources: { get(id: string): Promise<Source | null> };
  polite: Pick<PoliteFetcher, 'visit' | 'cachedPolicy'>;
  /** What the source's runs enqueued before (see @ingest/crawl SeenUrls): only what is new or changed passes. */
  seen: Pick<SeenUrls, 'admitNewOrChanged' | 'admitChangedSitemaps'>;
  /** Starts page visits (see @ingest/queue enqueueVisits); returns their visit ids. */
  enqueueVisits(requests: VisitRequest[]): Promise<string[]>;
  limits: DiscoverLimits;
  /** The source's run history (see @ingest/sources RunLedger): a run is recorded when it starts and when its discovery ends. */
  runs?: Pick<RunLedger, 'started' | 'discoveryDone'>;
}

/**
 * discover: one job is one run of a source. It reads the source's feeds, sitemaps (an
 * index's children too, within the limits) and seed pages through the same polite fetcher
 * as pages, keeps the article URLs that pass the source's patterns and robots.txt, and
 * starts visits only for URLs never enqueued before or listed with a newer lastmod.
 * Progress is saved in the job after each document, so a run that must wait for a host
 * steps aside and resumes where it was.
 */
export function discoverStage(deps: DiscoverStageDeps): StageHandler<'discover'> {
  return async (data, ctx) => {
    const source = await deps.sources.get(data.sourceId);
    if (!source) return nothingRead(data.sourceId, 'source removed');
    // A tick already queued when the source was paused: nothing to do.
    if (source.paused && !data.visitId) return nothingRead(data.sourceId, 'source paused');
    const progress = data.progress ?? freshProgress(source);
    // The run's id is its job's: a retried or resumed run records into the same record.
    const runId = ctx.jobId;
    if (!data.progress) await deps.runs?.started(source.id, runId, data.visitId ? 'requested' : 'scheduled');
    while (progress.pending.length) {
      const doc = progress.pending[0]!;
      const read = await readDocument(deps.polite, doc, source, progress, ctx);
      if (read.kind === 'wait') return { outcome: 'wait', host: read.host, ms: read.ms, data: { ...data, progress: { ...progress, slot: read.slot } } };
      documentDone(progress);
      if (read.kind === 'text') await takeListing(deps, source, doc, read, progress, runId);
      await ctx.save({ ...data, progress } satisfies DiscoverJob);
    }
    await deps.runs?.discoveryDone(source.id, runId, discoveryCounts(progress));
    const result = runResult(source.id, progress);
    ctx.log.info({ documents: result.documents, found: result.found, enqueued: result.enqueued, refused: result.refused.length }, 'source run done');
    return result;
  };
}

type DocumentRead = { kind: 'wait'; host: string; ms: number; slot: number } | { kind: 'text'; text: string; finalUrl: string } | { kind: 'unread' };

/** One discovery document through the polite fetcher; a fetch refused for it is recorded, not thrown. */
async function readDocument(polite: DiscoverStageDeps['polite'], doc: DiscoveryDocument, source: Source, progress: DiscoverProgress, ctx: StageContext<'discover'>): Promise<DocumentRead> {
  try {
    const url = normalizeUrl(doc.url);
    const visit = await polite.visit(url, {
      token: ctx.token,
      ...(source.politeness?.delayMs !== undefined ? { delayMs: source.politeness.delayMs } : {}),
      ...(progress.slot !== undefined ? { slot: progress.slot } : {}),
      gzipFile: doc.kind === 'sitemap',
    });
    if (visit.kind === 'wait') return { kind: 'wait', host: new URL(url).host, ms: visit.waitMs, slot: visit.slot };
    if (visit.kind === 'not-modified') return { kind: 'unread' };
    const text = decodeBody(visit.page.body, visit.page.contentType).text;
    metrics.fetchOutcome(visit.page.status, 'ok', visit.page.body.length);
    return { kind: 'text', text, finalUrl: visit.page.finalUrl };
  } catch (err) {
    if (!(err instanceof FetchError)) throw err;
    metrics.fetchOutcome(err.status, err.reason);
    refuse(progress, doc.url, err.message);
    ctx.log.warn({ url: doc.url, reason: err.message }, 'discovery document not read');
    return { kind: 'unread' };
  }
}

/** What a document lists: child sitemaps join the run's line; article URLs that pass, within the cap, start visits. */
async function takeListing(deps: DiscoverStageDeps, source: Source, doc: DiscoveryDocument, read: { text: string; finalUrl: string }, progress: DiscoverProgress, runId: string): Promise<void> {
  let articles: DiscoveredUrl[] = [];
  let sitemaps: DiscoveredUrl[] = [];
  try {
    const listing = listingOf(doc, read.text, read.finalUrl);
    if ('sitemaps' in listing) sitemaps = listing.sitemaps;
    else articles = listing.articles;
  } catch (err) {
    refuse(progress, doc.url, `not-a-${doc.kind}: ${(err as Error).message}`);
  }
  if (sitemaps.length) await queueChildSitemaps(deps, source.id, doc, sitemaps, progress);
  const kept = await keepCandidates(articles, source, (origin) => deps.polite.cachedPolicy(origin), (url, reason) => refuseCandidate(progress, url, reason));
  const maxUrls = Math.min(deps.limits.maxUrls, source.politeness?.maxUrlsPerRun ?? Infinity);
  const room = Math.max(0, maxUrls - progress.found);
  if (kept.length > room) {
    refuse(progress, doc.url, `url-cap: ${kept.length - room} URL(s) past the cap of ${maxUrls} per run left for the next run`);
    progress.overCap = (progress.overCap ?? 0) + kept.length - room;
  }
  const taken = kept.slice(0, room);
  progress.found += taken.length;
  const admitted = await deps.seen.admitNewOrChanged(source.id, taken);
  recordVisits(progress, await deps.enqueueVisits(admitted.map((c) => ({ url: c.url, sourceId: source.id, runId, ifChanged: true }))));
}

/** Child sitemaps of an index worth reading — without a lastmod, or whose lastmod moved — within depth and count. */
async function queueChildSitemaps(deps: DiscoverStageDeps, sourceId: string, doc: DiscoveryDocument, children: DiscoveredUrl[], progress: DiscoverProgress): Promise<void> {
  const { maxSitemapDepth, maxSitemaps } = deps.limits;
  const changed = new Set((await deps.seen.admitChangedSitemaps(sourceId, children.filter((c) => c.lastmod))).map((c) => c.url));
  for (const child of children.filter((c) => !c.lastmod || changed.has(c.url))) {
    if (doc.depth + 1 > maxSitemapDepth) refuse(progress, child.url, `sitemap-depth: deeper than DISCOVER_MAX_SITEMAP_DEPTH=${maxSitemapDepth}`);
    else if (progress.sitemapsRead + progress.pending.filter((p) => p.kind === 'sitemap').length >= maxSitemaps) refuse(progress, child.url, `sitemap-count: more than DISCOVER_MAX_SITEMAPS=${maxSitemaps}`);
    else progress.pending.push({ url: child.url, kind: 'sitemap', depth: doc.depth + 1 });
  }
}

