import { randomUUID } from 'node:crypto';
import type { TypedQueue } from '@ingest/queue';

type Queue = TypedQueue<'discover'> | TypedQueue<'fetch'> | TypedQueue<'parse'>;
import type { FakeNewsSite, RequestRecord } from '../fixtures/fake-news-site/server';

export interface JobEnd {
  state: 'completed' | 'failed';
  result: unknown;
  reason: string;
  attempts: number;
}

/** Waits until a job is completed or failed for good (a delayed retry is not an end). */
export async function waitForJob(queue: Queue, id: string, timeoutMs = 30_000): Promise<JobEnd> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.getJob(id);
    if (job) {
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') {
        // Read again: the job fetched above may predate the state it is now in.
        const done = (await queue.getJob(id))!;
        return { state, result: done.returnvalue, reason: done.failedReason ?? '', attempts: done.attemptsMade };
      }
    }
    if (Date.now() > deadline) throw new Error(`job ${id} in ${queue.name} did not finish within ${timeoutMs} ms (state ${job ? await job.getState() : 'missing'})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function enqueueFetch(queue: TypedQueue<'fetch'>, url: string, extra: Record<string, unknown> = {}): Promise<string> {
  const visitId = randomUUID();
  await queue.add('fetch', { url, visitId, requestedAt: Date.now(), ...extra }, { jobId: visitId });
  return visitId;
}

/** Gaps in ms between consecutive requests (arrival at the server). */
export function gaps(records: RequestRecord[]): number[] {
  const at = records.map((r) => r.at).sort((a, b) => a - b);
  return at.slice(1).map((t, i) => t - at[i]!);
}

export function articlePathsFetched(site: FakeNewsSite): string[] {
  return [...new Set(site.requests.map((r) => r.path).filter((p) => /-\d+\.html$/.test(p)))].sort();
}
