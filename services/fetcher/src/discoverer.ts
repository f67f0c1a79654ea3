import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Config, Logger } from '@ingest/config';
import { QueueName, type DiscoverJob, type DiscoverProgress, type DiscoverResult, type FetchJob } from '@ingest/contracts';
import { decodeBody, feedLinks, FetchError, normalizeUrl, pageLinks, parseSitemap, sameSite, SeenUrls, type DiscoveredUrl, type PoliteFetcher, type RobotsPolicy } from '@ingest/crawl';
import { metrics } from '@ingest/metrics';
import { defaultJobOptions, openQueue, type createRedisConnection, type QueueSettings } from '@ingest/queue';
import { matchesPatterns, type Source, type SourceStore } from '@ingest/sources';

const MAX_REFUSED_KEPT = 200;
const MAX_VISITS_KEPT = 1_000;

interface Deps {
  connection: ReturnType<typeof createRedisConnection>;
  settings: QueueSettings;
  polite: PoliteFetcher;
  sources: SourceStore;
}

/**
 * The discover queue: one job is one run of a source. It reads the source's feeds,
 * sitemaps (an index's children too, within DISCOVER_MAX_SITEMAPS / _DEPTH) and seed
 * pages through the same polite fetcher as pages, keeps the article URLs that pass the
 * source's patterns (and, for seed links, are on the same site), and enqueues fetch jobs
 * only for URLs never enqueued before or listed with a newer lastmod. Progress is kept in
 * the job, so a run that must wait for a host steps aside and resumes where it was.
 */
export function startDiscoverer(config: Config, logger: Logger, deps: Deps): { close(): Promise<void> } {
  const fetchQueue = openQueue(QueueName.fetch, deps.settings);
  const seen = new SeenUrls(deps.connection, deps.settings.prefix);

  const processor = async (job: Job<DiscoverJob, DiscoverResult>): Promise<DiscoverResult> => {
    const { sourceId } = job.data;
    const log = logger.child({ stage: QueueName.discover, jobId: job.id, sourceId });
    const source = await deps.sources.get(sourceId);
    if (!source) return emptyResult(sourceId, 'source removed');
    // A tick already queued when the source was paused: nothing to do.
    if (source.paused && !job.data.visitId) return emptyResult(sourceId, 'source paused');

    const progress: DiscoverProgress = job.data.progress ?? {
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
    const maxUrls = Math.min(config.discover.maxUrls, source.politeness?.maxUrlsPerRun ?? Infinity);
    const refuse = (url: string, reason: string) => {
      if (progress.refused.length < MAX_REFUSED_KEPT) progress.refused.push({ url, reason });
    };

    while (progress.pending.length) {
      const doc = progress.pending[0]!;
      let text: string | null = null;
      let finalUrl = doc.url;
      try {
        const visit = await deps.polite.visit(normalizeUrl(doc.url), {
          token: job.token ?? job.id!,
          ...(source.politeness?.delayMs !== undefined ? { delayMs: source.politeness.delayMs } : {}),
          ...(progress.slot !== undefined ? { slot: progress.slot } : {}),
          gzipFile: doc.kind === 'sitemap',
        });
        if (visit.kind === 'wait') {
          await job.updateData({ ...job.data, progress: { ...progress, slot: visit.slot } });
          await job.moveToDelayed(Date.now() + visit.waitMs, job.token);
          throw new DelayedError(`host busy: waiting ${visit.waitMs} ms`);
        }
        if (visit.kind !== 'not-modified') {
          text = decodeBody(visit.page.body, visit.page.contentType).text;
          finalUrl = visit.page.finalUrl;
          metrics.fetchOutcome(visit.page.status, 'ok', visit.page.body.length);
        }
      } catch (err) {
        if (err instanceof DelayedError) throw err;
        if (!(err instanceof FetchError)) throw err;
        metrics.fetchOutcome(err.status, err.reason);
        refuse(doc.url, err.message);
        log.warn({ url: doc.url, reason: err.message }, 'discovery document not read');
      }
      delete progress.slot;
      progress.pending.shift();
      progress.done++;
      if (doc.kind === 'sitemap') progress.sitemapsRead++;

      if (text !== null) {
        let candidates: DiscoveredUrl[] = [];
        try {
          if (doc.kind === 'feed') candidates = feedLinks(text, finalUrl);
          else if (doc.kind === 'seed') candidates = pageLinks(text, finalUrl).filter((u) => sameSite(u, doc.url)).map((url) => ({ url }));
          else {
            const sitemap = parseSitemap(text, finalUrl);
            if (sitemap.kind === 'urlset') candidates = sitemap.urls;
            else {
              const children = await childSitemapsToRead(seen, sourceId, sitemap.sitemaps);
              for (const child of children) {
                if (doc.depth + 1 > config.discover.maxSitemapDepth) refuse(child.url, `sitemap-depth: deeper than DISCOVER_MAX_SITEMAP_DEPTH=${config.discover.maxSitemapDepth}`);
                else if (progress.sitemapsRead + progress.pending.filter((p) => p.kind === 'sitemap').length >= config.discover.maxSitemaps) refuse(child.url, `sitemap-count: more than DISCOVER_MAX_SITEMAPS=${config.discover.maxSitemaps}`);
                else progress.pending.push({ url: child.url, kind: 'sitemap', depth: doc.depth + 1 });
              }
            }
          }
        } catch (err) {
          refuse(doc.url, `not-a-${doc.kind}: ${(err as Error).message}`);
        }
        const kept = await keep(candidates, source, deps.polite, refuse);
        const room = Math.max(0, maxUrls - progress.found);
        if (kept.length > room) refuse(doc.url, `url-cap: ${kept.length - room} URL(s) past the cap of ${maxUrls} per run left for the next run`);
        const taken = kept.slice(0, room);
        progress.found += taken.length;
        const admitted = await seen.admitNewOrChanged(sourceId, taken);
        if (admitted.length) {
          const now = Date.now();
          const jobs = admitted.map((c) => {
            const visitId = randomUUID();
            const data: FetchJob = { url: c.url, visitId, sourceId, requestedAt: now, ifChanged: true };
            return { name: 'fetch', data, opts: { ...defaultJobOptions.fetch, jobId: visitId } };
          });
          await fetchQueue.addBulk(jobs);
          progress.enqueued += jobs.length;
          for (const j of jobs) if (progress.visits.length < MAX_VISITS_KEPT) progress.visits.push(j.data.visitId);
        }
      }
      await job.updateData({ ...job.data, progress });
    }
    const result: DiscoverResult = {
      outcome: 'discovered',
      sourceId,
      documents: progress.done,
      found: progress.found,
      enqueued: progress.enqueued,
      refused: progress.refused,
      visits: progress.visits,
    };
    log.info({ documents: result.documents, found: result.found, enqueued: result.enqueued, refused: result.refused.length }, 'source run done');
    return result;
  };

  const worker = new Worker<DiscoverJob, DiscoverResult>(
    QueueName.discover,
    async (job) => {
      const started = performance.now();
      try {
        const result = await processor(job);
        metrics.jobAttempt(QueueName.discover, result.outcome, (performance.now() - started) / 1000);
        return result;
      } catch (err) {
        if (!(err instanceof DelayedError)) {
          metrics.jobAttempt(QueueName.discover, 'failed', (performance.now() - started) / 1000);
          logger.warn({ err, stage: QueueName.discover, jobId: job.id, sourceId: job.data.sourceId }, 'source run failed');
        }
        throw err;
      }
    },
    { connection: deps.settings.connection, prefix: deps.settings.prefix, concurrency: config.discover.concurrency },
  );
  worker.on('error', (err) => logger.error({ err, stage: QueueName.discover }, 'worker error'));
  return {
    close: async () => {
      await worker.close();
      await fetchQueue.close();
    },
  };
}

function emptyResult(sourceId: string, skipped: string): DiscoverResult {
  return { outcome: 'discovered', sourceId, skipped, documents: 0, found: 0, enqueued: 0, refused: [], visits: [] };
}

/** Child sitemaps of an index worth reading: those without a lastmod, or whose lastmod moved. */
async function childSitemapsToRead(seen: SeenUrls, sourceId: string, children: DiscoveredUrl[]): Promise<DiscoveredUrl[]> {
  const dated = children.filter((c) => c.lastmod);
  const changed = new Set((await seen.admitNewOrChanged(`${sourceId}#sitemaps`, dated)).map((c) => c.url));
  return children.filter((c) => !c.lastmod || changed.has(c.url));
}

/** Normalised, de-duplicated candidates that pass the source's patterns and the (cached) robots.txt. */
async function keep(candidates: DiscoveredUrl[], source: Source, polite: PoliteFetcher, refuse: (url: string, reason: string) => void): Promise<DiscoveredUrl[]> {
  const policies = new Map<string, RobotsPolicy | null>();
  const out = new Map<string, DiscoveredUrl>();
  for (const c of candidates) {
    let url: string;
    try {
      url = normalizeUrl(c.url);
    } catch {
      continue;
    }
    if (out.has(url) || !matchesPatterns(source, url)) continue;
    const origin = new URL(url).origin;
    if (!policies.has(origin)) policies.set(origin, await polite.cachedPolicy(origin));
    const policy = policies.get(origin);
    if (policy && !policy.isAllowed(url)) {
      refuse(url, `robots-disallowed: ${new URL(url).pathname} is disallowed for us by ${origin}/robots.txt`);
      continue;
    }
    out.set(url, { ...c, url });
  }
  return [...out.values()];
}

