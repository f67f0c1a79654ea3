import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig } from '@ingest/config';
import { QueueName, type DiscoverResult } from '@ingest/contracts';
import { createRedisConnection, followVisit, openQueue, openQueueEvents, type QueueSettings, type VisitOutcome } from '@ingest/queue';
import { SourceRegistry } from '@ingest/sources';

export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description('crawl pages, or run sources now; wait until each page is indexed (or refused, with its reason)')
    .argument('<url-or-source-id...>', 'page URLs, or ids of stored sources (their feeds, sitemaps and seeds are read now)')
    .option('--source <id>', 'source id to record on the documents of page URLs')
    .option('--no-wait', 'enqueue and return at once')
    .option('--timeout <seconds>', 'how long to wait for each page', '120')
    .option('--json', 'print one JSON line per URL')
    .action(async (targets: string[], opts: { source?: string; wait: boolean; timeout: string; json?: boolean }) => {
      const config = loadConfig();
      const connection = createRedisConnection(config.redisUrl);
      const settings = { connection, prefix: config.queuePrefix };
      const fetchQueue = openQueue(QueueName.fetch, settings);
      const registry = new SourceRegistry(connection, settings);
      const timeoutMs = Number(opts.timeout) * 1000;
      let failures = 0;
      try {
        const visits: { url: string; visitId: string }[] = [];
        for (const target of targets) {
          if (/^https?:\/\//i.test(target)) {
            const visitId = randomUUID();
            await fetchQueue.add('fetch', { url: target, visitId, requestedAt: Date.now(), ...(opts.source ? { sourceId: opts.source } : {}) }, { jobId: visitId });
            visits.push({ url: target, visitId });
            continue;
          }
          const runId = await registry.runNow(target);
          if (!runId) {
            failures++;
            print(opts.json, { source: target, status: 'failed', reason: 'no such source' }, `failed  ${target}: not a URL and no such source`);
            continue;
          }
          if (!opts.wait) {
            print(opts.json, { source: target, runId, status: 'queued' }, `queued  source ${target}  (run ${runId})`);
            continue;
          }
          const run = await waitForRun(settings, runId, timeoutMs);
          if ('error' in run) {
            failures++;
            print(opts.json, { source: target, runId, status: 'failed', reason: run.error }, `failed  source ${target}: ${run.error}`);
            continue;
          }
          print(
            opts.json,
            { source: target, runId, status: 'discovered', found: run.found, enqueued: run.enqueued, refused: run.refused },
            `source  ${target}: ${run.documents} document(s) read, ${run.found} article URL(s) found, ${run.enqueued} new or changed enqueued, ${run.refused.length} refused`,
          );
          for (const r of run.refused) print(opts.json, { url: r.url, status: 'refused', reason: r.reason }, `refused ${r.url}  ${r.reason}`);
          // Visit ids are the fetch jobs' ids; their URLs are in the fetch jobs.
          for (const visitId of run.visits) {
            const job = await fetchQueue.getJob(visitId);
            visits.push({ url: job?.data.url ?? visitId, visitId });
          }
        }
        if (!opts.wait) {
          for (const v of visits) print(opts.json, { url: v.url, visitId: v.visitId, status: 'queued' }, `queued  ${v.url}  (visit ${v.visitId})`);
          return;
        }
        const outcomes = await Promise.all(visits.map((v) => followVisit(settings, v.visitId, timeoutMs).then((o) => ({ ...v, ...o }))));
        for (const o of outcomes) {
          if (isFailure(o)) failures++;
          const line =
            o.status === 'indexed'
              ? `indexed ${o.url}  -> ${o.index}/${o.articleId} (${o.result})`
              : `${o.status.padEnd(7)} ${o.url}  at ${o.stage}: ${o.reason}`;
          print(opts.json, o, line);
        }
      } finally {
        await registry.close();
        await fetchQueue.close();
        connection.disconnect();
      }
      if (failures) process.exitCode = 1;
    });
}

/** Skipping an unchanged page is success; anything else short of indexed is not. */
function isFailure(o: VisitOutcome): boolean {
  return o.status === 'failed' || (o.status === 'skipped' && !/^(not-modified|unchanged-content)/.test(o.reason));
}

async function waitForRun(settings: QueueSettings, runId: string, timeoutMs: number): Promise<DiscoverResult | { error: string }> {
  const queue = openQueue(QueueName.discover, settings);
  const events = openQueueEvents(QueueName.discover, settings);
  try {
    await events.waitUntilReady();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await queue.getJob(runId);
      if (!job) return { error: `run ${runId} not found` };
      const state = await job.getState();
      if (state === 'completed') return job.returnvalue as DiscoverResult;
      if (state === 'failed') return { error: job.failedReason };
      if (Date.now() > deadline) return { error: `timed out waiting for run ${runId}` };
      // Short waits with a fresh look at the state in between: an event can land before the stream reads.
      await job.waitUntilFinished(events, 2_000).catch(() => undefined);
    }
  } finally {
    await events.close();
    await queue.close();
  }
}

function print(json: boolean | undefined, obj: unknown, text: string): void {
  process.stdout.write((json ? JSON.stringify(obj) : text) + '\n');
}
