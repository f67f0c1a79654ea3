import { StageError, type JobPayloads, type JobTrace, type QueueName } from '@ingest/contracts';
import type { JobEnd } from '@ingest/queue';
import type { PageEnd, RunLedger } from '@ingest/sources';

type Ledger = Pick<RunLedger, 'pageStep' | 'pageEnded' | 'runFailed'>;

/**
 * What each stage's job ends mean for its source run's counters, given to the stage worker
 * as its `onJobEnd`: the fetcher hands a page on (`fetched`) or skips it, the parser hands
 * it on (`parsed`) or finds no article, the indexer indexes it; a parked job ends its page
 * as failed, by reason. Pages of no run (a crawl of one URL) count nowhere. The ledger counts
 * each page once however often this is called for it.
 */
export function countRunPages<N extends QueueName>(stage: N, runs: Ledger): (data: JobPayloads[N], end: JobEnd, jobId: string) => Promise<void> {
  return async (data, end, jobId) => {
    if (stage === 'discover') {
      const { sourceId } = data as JobPayloads['discover'];
      if ('parked' in end) await runs.runFailed(sourceId, jobId, errorText(end.parked));
      return;
    }
    const { sourceId, runId, visitId } = data as JobTrace;
    if (!sourceId || !runId) return;
    if ('parked' in end) return runs.pageEnded(sourceId, runId, visitId, { kind: 'failed', reason: failureReason(end.parked), atFetch: stage === 'fetch' });
    const { result } = end;
    if (result.outcome === 'handed-on') return runs.pageStep(sourceId, runId, visitId, stage === 'fetch' ? 'fetched' : 'parsed');
    if (result.outcome === 'skipped') return runs.pageEnded(sourceId, runId, visitId, { kind: 'skipped', code: result.code });
    if (result.outcome === 'indexed') return runs.pageEnded(sourceId, runId, visitId, indexedEnd(data as JobPayloads['index'], result.result));
  };
}

function indexedEnd(data: JobPayloads['index'], result: string): PageEnd {
  return { kind: 'indexed', created: result === 'created', publishedAt: data.article?.publishedAt ?? null };
}

/**
 * The reason a page failed, as a short code: a StageError's code, an HTTP refusal by its
 * status (`http-403`, `http-429`: what the `blocked` health word looks for), else the
 * error's name. Never message text, so the reasons of a run stay few.
 */
export function failureReason(err: unknown): string {
  if (err instanceof StageError) {
    const status = (err as { status?: unknown }).status;
    return err.code === 'http-status' && typeof status === 'number' ? `http-${status}` : err.code;
  }
  const name = (err as { name?: unknown })?.name;
  return typeof name === 'string' && name && name !== 'Error' ? name.slice(0, 40) : 'error';
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
