import { randomUUID } from 'node:crypto';
import { QueueName, type FetchJob } from '@ingest/contracts';
import { defaultJobOptions, type TypedQueue } from './queues';

/** What a caller knows of a page it wants visited; the trace fields are filled in here. */
export interface VisitRequest {
  url: string;
  sourceId?: string;
  /** The source run that asks for the page (see JobTrace.runId). */
  runId?: string;
  /** Skip the page when it did not change since the last fetch (discovery sets this; a crawl asked for by hand refetches). */
  ifChanged?: boolean;
}

/**
 * Starts page visits: one fetch job each, whose id is the visit's id, so every stage's job
 * of that page carries it and a redelivered request cannot start the same visit twice.
 * Returns the visit ids in the order of the requests.
 */
export async function enqueueVisits(fetchQueue: TypedQueue<'fetch'>, requests: readonly VisitRequest[]): Promise<string[]> {
  if (!requests.length) return [];
  const requestedAt = Date.now();
  const jobs = requests.map(({ url, sourceId, runId, ifChanged }) => {
    const visitId = randomUUID();
    const data: FetchJob = { url, visitId, requestedAt, ...(sourceId ? { sourceId } : {}), ...(runId ? { runId } : {}), ...(ifChanged ? { ifChanged } : {}) };
    return { name: QueueName.fetch, data, opts: { ...defaultJobOptions.fetch, jobId: visitId } };
  });
  await fetchQueue.addBulk(jobs);
  return jobs.map((j) => j.data.visitId);
}

/** One page visit; returns its visit id. */
export async function enqueueVisit(fetchQueue: TypedQueue<'fetch'>, request: VisitRequest): Promise<string> {
  const [visitId] = await enqueueVisits(fetchQueue, [request]);
  return visitId!;
}
