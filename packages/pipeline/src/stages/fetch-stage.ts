import { QueueName, SkipCode, StageError, traceOf, type FetchJob, type StageOutcome } from '@ingest/contracts';
import { FetchError, normalizeUrl, type PoliteFetcher, type VisitResult } from '@ingest/crawl';
import { metrics } from '@ingest/metrics';
import type { StageContext, StageHandler } from '@ingest/queue';
import type { Source } from '@ingest/sources';

export interface FetchStageDeps {
  polite: Pick<PoliteFetcher, 'visit'>;
  /** Where raw pages wait for the parser (see @ingest/queue PageStore). */
  pages: { put(contentHash: string, body: Buffer): Promise<string> };
  /** Source definitions, for their politeness settings (a short-lived cache will do). */
  sources: { get(id: string): Promise<Source | null> };
}

/**
 * fetch: politeness gate (SSRF guard, robots.txt, per-host slot) → HTTP → raw page into
 * the page store → a parse job. Not the host's turn: wait, keeping the place in line. A
 * refusal that cannot change on retry (404, not HTML, too large, redirect loop,
 * robots.txt, SSRF) is a FetchError that is not retryable, parked with its reason; an
 * unchanged page ends as skipped, with why.
 */
export function fetchStage(deps: FetchStageDeps): StageHandler<'fetch'> {
  return async (data, ctx) => {
    const url = normalizedOrRefused(data.url);
    const source = data.sourceId ? await deps.sources.get(data.sourceId) : null;
    const visit = await visitPolitely(deps.polite, url, data, ctx, source?.politeness);
    switch (visit.kind) {
      case 'wait':
        return { outcome: 'wait', host: new URL(url).host, ms: visit.waitMs, data: { ...data, hostSlot: visit.slot } };
      case 'not-modified':
        metrics.fetchOutcome(304, 'not-modified');
        return { outcome: 'skipped', code: SkipCode.notModified, reason: 'not-modified: the server answered 304 to our conditional GET' };
      case 'unchanged':
        metrics.fetchOutcome(visit.page.status, 'unchanged');
        return { outcome: 'skipped', code: SkipCode.unchangedContent, reason: `unchanged-content: same body as the last fetch (sha256 ${visit.page.contentHash.slice(0, 12)}…)` };
      case 'page':
        return handOnPage(deps, data, url, visit.page, ctx);
    }
  };
}

function normalizedOrRefused(url: string): string {
  try {
    return normalizeUrl(url);
  } catch {
    throw new StageError('invalid-url', `invalid-url: ${url}`, false);
  }
}

async function visitPolitely(polite: FetchStageDeps['polite'], url: string, data: FetchJob, ctx: StageContext<'fetch'>, politeness: Source['politeness']): Promise<VisitResult> {
  try {
    return await polite.visit(url, {
      token: ctx.token,
      ifChanged: data.ifChanged ?? false,
      ...(politeness?.delayMs !== undefined ? { delayMs: politeness.delayMs } : {}),
      ...(politeness?.concurrency !== undefined ? { hostConcurrency: politeness.concurrency } : {}),
      ...(data.hostSlot !== undefined ? { slot: data.hostSlot } : {}),
    });
  } catch (err) {
    if (err instanceof FetchError) metrics.fetchOutcome(err.status, err.reason);
    throw err;
  }
}

async function handOnPage(deps: FetchStageDeps, data: FetchJob, url: string, page: Extract<VisitResult, { kind: 'page' }>['page'], ctx: StageContext<'fetch'>): Promise<StageOutcome<'fetch'>> {
  metrics.fetchOutcome(page.status, 'ok', page.body.length);
  ctx.log.debug({ status: page.status, bytes: page.body.length, ms: page.ms, redirects: page.redirects.length }, 'fetched');
  const pageRef = await deps.pages.put(page.contentHash, page.body);
  return {
    outcome: 'handed-on',
    next: QueueName.parse,
    job: {
      ...traceOf(data),
      url,
      finalUrl: normalizeUrl(page.finalUrl),
      pageRef,
      fetchedAt: page.fetchedAt,
      httpStatus: page.status,
      contentType: page.contentType,
      contentHash: page.contentHash,
    },
  };
}
