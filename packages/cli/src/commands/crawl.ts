import type { Command } from 'commander';
import { loadConfig } from '@ingest/config';
import { isUnchangedSkip, QueueName } from '@ingest/contracts';
import { createRedisConnection, enqueueVisit, followRun, followVisit, openQueue, type QueueSettings, type TypedQueue, type VisitOutcome } from '@ingest/queue';
import { SourceRegistry } from '@ingest/sources';

interface CrawlOptions {
  source?: string;
  wait: boolean;
  timeout: string;
  json?: boolean;
}

interface Visit {
  url: string;
  visitId: string;
}

/** What one crawl command holds while it runs. */
interface CrawlSession {
  opts: CrawlOptions;
  settings: QueueSettings;
  fetchQueue: TypedQueue<'fetch'>;
  registry: SourceRegistry;
  timeoutMs: number;
  visits: Visit[];
  failures: number;
}

export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description('crawl pages, or run sources now; wait until each page is indexed (or refused, with its reason)')
    .argument('<url-or-source-id...>', 'page URLs, or ids of stored sources (their feeds, sitemaps and seeds are read now)')
    .option('--source <id>', 'source id to record on the documents of page URLs')
    .option('--no-wait', 'enqueue and return at once')
    .option('--timeout <seconds>', 'how long to wait for each page', '120')
    .option('--json', 'print one JSON line per URL')
    .action(crawl);
}

async function crawl(targets: string[], opts: CrawlOptions): Promise<void> {
  const config = loadConfig();
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const session: CrawlSession = {
    opts,
    settings,
    fetchQueue: openQueue(QueueName.fetch, settings),
    registry: new SourceRegistry(connection, settings),
    timeoutMs: Number(opts.timeout) * 1000,
    visits: [],
    failures: 0,
  };
  try {
    for (const target of targets) {
      if (/^https?:\/\//i.test(target)) session.visits.push({ url: target, visitId: await enqueueVisit(session.fetchQueue, { url: target, ...(opts.source ? { sourceId: opts.source } : {}) }) });
      else await runSource(session, target);
    }
    if (opts.wait) await followVisits(session);
    else for (const v of session.visits) print(opts.json, { url: v.url, visitId: v.visitId, status: 'queued' }, `queued  ${v.url}  (visit ${v.visitId})`);
  } finally {
    await session.registry.close();
    await session.fetchQueue.close();
    connection.disconnect();
  }
  if (session.failures) process.exitCode = 1;
}

/** One run of a stored source now; when waiting, the pages it enqueued are followed too. */
async function runSource(session: CrawlSession, sourceId: string): Promise<void> {
  const { opts } = session;
  const runId = await session.registry.runNow(sourceId);
  if (!runId) {
    session.failures++;
    return print(opts.json, { source: sourceId, status: 'failed', reason: 'no such source' }, `failed  ${sourceId}: not a URL and no such source`);
  }
  if (!opts.wait) return print(opts.json, { source: sourceId, runId, status: 'queued' }, `queued  source ${sourceId}  (run ${runId})`);
  const run = await followRun(session.settings, runId, session.timeoutMs);
  if ('error' in run) {
    session.failures++;
    return print(opts.json, { source: sourceId, runId, status: 'failed', reason: run.error }, `failed  source ${sourceId}: ${run.error}`);
  }
  print(
    opts.json,
    { source: sourceId, runId, status: 'discovered', found: run.found, enqueued: run.enqueued, refused: run.refused },
    `source  ${sourceId}: ${run.documents} document(s) read, ${run.found} article URL(s) found, ${run.enqueued} new or changed enqueued, ${run.refused.length} refused`,
  );
  for (const r of run.refused) print(opts.json, { url: r.url, status: 'refused', reason: r.reason }, `refused ${r.url}  ${r.reason}`);
  // Visit ids are the fetch jobs' ids; their URLs are in the fetch jobs.
  for (const visitId of run.visits) {
    const job = await session.fetchQueue.getJob(visitId);
    session.visits.push({ url: job?.data.url ?? visitId, visitId });
  }
}

async function followVisits(session: CrawlSession): Promise<void> {
  const outcomes = await Promise.all(session.visits.map((v) => followVisit(session.settings, v.visitId, session.timeoutMs).then((o) => ({ ...v, ...o }))));
  for (const o of outcomes) {
    if (isFailure(o)) session.failures++;
    const line = o.status === 'indexed' ? `indexed ${o.url}  -> ${o.index}/${o.articleId} (${o.result})` : `${o.status.padEnd(7)} ${o.url}  at ${o.stage}: ${o.reason}`;
    print(session.opts.json, o, line);
  }
}

/** Skipping an unchanged page is success; anything else short of indexed is not. */
function isFailure(o: VisitOutcome): boolean {
  return o.status === 'failed' || (o.status === 'skipped' && !isUnchangedSkip(o.code));
}

function print(json: boolean | undefined, obj: unknown, text: string): void {
  process.stdout.write((json ? JSON.stringify(obj) : text) + '\n');
}
