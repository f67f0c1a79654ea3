import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Config, Logger } from '@ingest/config';
import { QueueName, type FetchJob, type StageResult } from '@ingest/contracts';
import { FetchError, normalizeUrl, PoliteFetcher, type Resolver } from '@ingest/crawl';
import { metrics } from '@ingest/metrics';
import { createRedisConnection, createStageWorker, openQueue, PageStore, redisAnswers, type StageService } from '@ingest/queue';
import { loadSourcesFile, SourceRegistry } from '@ingest/sources';
import { startDiscoverer } from './discoverer';
import { SourceCache } from './source-cache';

export interface FetcherOptions {
  /** Host name resolution for the SSRF guard (tests map names to private addresses). */
  resolve?: Resolver;
}

/**
 * fetch queue → politeness gate (SSRF guard, robots.txt, per-host slot) → HTTP → raw
 * page into the page store → parse queue; and the discover queue (a source's runs).
 * A job whose host is not free is put aside (delayed) until its turn, not waited on.
 * A refusal that cannot change on retry (404, not HTML, too large, redirect loop,
 * robots.txt, SSRF) parks the job in BullMQ's failed set with its reason; anything else
 * is retried with back-off. An unchanged page ends as `skipped` with why.
 */
export function startFetcher(config: Config, logger: Logger, opts: FetcherOptions = {}): StageService {
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const parseQueue = openQueue(QueueName.parse, settings);
  const pages = new PageStore(connection, config.queuePrefix, config.pageStoreTtlSeconds);
  const polite = new PoliteFetcher(connection, config.queuePrefix, { ...config.fetch, ...(opts.resolve ? { resolve: opts.resolve } : {}) });
  const registry = new SourceRegistry(connection, settings);
  const sources = new SourceCache(registry.store);

  const worker = createStageWorker({
    queue: QueueName.fetch,
    ...settings,
    concurrency: config.fetch.concurrency,
    logger,
    process: async (job: Job<FetchJob, StageResult>, log) => {
      let url: string;
      try {
        url = normalizeUrl(job.data.url);
      } catch {
        throw new UnrecoverableError(`invalid-url: ${job.data.url}`);
      }
      const source = job.data.sourceId ? await sources.get(job.data.sourceId) : null;
      let visit;
      try {
        visit = await polite.visit(url, {
          token: job.token ?? job.id!,
          ifChanged: job.data.ifChanged ?? false,
          ...(source?.politeness?.delayMs !== undefined ? { delayMs: source.politeness.delayMs } : {}),
          ...(job.data.hostSlot !== undefined ? { slot: job.data.hostSlot } : {}),
        });
      } catch (err) {
        if (err instanceof FetchError) metrics.fetchOutcome(err.status, err.reason);
        if (err instanceof FetchError && !err.retryable) throw new UnrecoverableError(err.message);
        throw err;
      }
      if (visit.kind === 'wait') {
        // Not this host's turn: keep the place in line and step aside without using an attempt.
        metrics.politenessWait(new URL(url).host, visit.waitMs / 1000);
        await job.updateData({ ...job.data, hostSlot: visit.slot });
        await job.moveToDelayed(Date.now() + visit.waitMs, job.token);
        throw new DelayedError(`host busy: waiting ${visit.waitMs} ms for ${new URL(url).host}`);
      }
      if (visit.kind === 'not-modified') {
        metrics.fetchOutcome(304, 'not-modified');
        return { outcome: 'skipped', reason: 'not-modified: the server answered 304 to our conditional GET' };
      }
      const page = visit.page;
      if (visit.kind === 'unchanged') {
        metrics.fetchOutcome(page.status, 'unchanged');
        return { outcome: 'skipped', reason: `unchanged-content: same body as the last fetch (sha256 ${page.contentHash.slice(0, 12)}…)` };
      }
      metrics.fetchOutcome(page.status, 'ok', page.body.length);
      log.debug({ status: page.status, bytes: page.body.length, ms: page.ms, redirects: page.redirects.length }, 'fetched');
      const pageRef = await pages.put(page.contentHash, page.body);
      const jobId = job.data.visitId;
      await parseQueue.add(
        'parse',
        {
          visitId: job.data.visitId,
          ...(job.data.sourceId ? { sourceId: job.data.sourceId } : {}),
          requestedAt: job.data.requestedAt,
          url,
          finalUrl: normalizeUrl(page.finalUrl),
          pageRef,
          fetchedAt: page.fetchedAt,
          httpStatus: page.status,
          contentType: page.contentType,
          contentHash: page.contentHash,
        },
        { jobId },
      );
      return { outcome: 'handed-on', next: QueueName.parse, jobId };
    },
  });

  const discoverer = startDiscoverer(config, logger, { connection, settings, polite, sources: registry.store });

  // Sources from SOURCES_FILE join those already in Redis; every replica does the same
  // idempotent writes, and the schedulers are brought in line with the definitions.
  let sourcesLoaded = true;
  void (async () => {
    try {
      if (config.sourcesFile) {
        const fromFile = await loadSourcesFile(config.sourcesFile);
        for (const s of fromFile) await registry.save(s);
        logger.info({ file: config.sourcesFile, sources: fromFile.length }, 'sources loaded from file');
      }
      await registry.syncAll();
    } catch (err) {
      sourcesLoaded = false;
      logger.error({ err, file: config.sourcesFile }, 'could not load sources; fix the file and restart (sources already in Redis still run)');
    }
  })();

  return {
    ready: async () => ({ redis: await redisAnswers(connection), sources: sourcesLoaded }),
    close: async () => {
      await worker.close();
      await discoverer.close();
      await parseQueue.close();
      await registry.close();
      connection.disconnect();
    },
  };
}
