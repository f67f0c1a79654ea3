/**
 * The main job, end to end on one machine: starts the demo news site, the four services
 * (as child processes, logs in .data/logs), crawls every article the site's RSS feed
 * lists, then prints where to look and a real search result. Runs until Ctrl-C, or exits
 * once the result is printed when started with --once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@ingest/config';
import { isUnchangedSkip, QueueName } from '@ingest/contracts';
import { createRedisConnection, followRun, followVisit, openQueue, type VisitOutcome } from '@ingest/queue';
import { createSearchClient, ensureIndices, MappingConflictError, reindex } from '@ingest/search';
import { startDemoSite } from '../../tests/fixtures/demo-site/server';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const once = process.argv.includes('--once');
const config = loadConfig();
const apiBase = `http://${config.apiHost === '0.0.0.0' ? '127.0.0.1' : config.apiHost}:${config.apiPort}`;
const children: ChildProcess[] = [];

function startService(name: string, env: Record<string, string> = {}): void {
  mkdirSync(`${ROOT}.data/logs`, { recursive: true });
  const log = createWriteStream(`${ROOT}.data/logs/${name}.log`, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', `services/${name}/src/main.ts`], {
    cwd: ROOT,
    env: { ...process.env, LOG_PRETTY: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`✗ ${name} exited (${signal ?? code}); see .data/logs/${name}.log`);
  });
  children.push(child);
}

let stopping = false;
async function stopAll(code: number): Promise<never> {
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Indices an older version created with a mapping this one cannot extend are rebuilt first (`ingest reindex`). */
async function upgradeIndicesIfNeeded(): Promise<void> {
  const es = createSearchClient(config.elasticsearchUrl);
  try {
    await ensureIndices(es, config.indexPrefix);
  } catch (err) {
    if (!(err instanceof MappingConflictError)) throw err;
    for (const r of await reindex(es, config.indexPrefix)) console.log(`• index upgraded to this version's mapping: ${r.from} → ${r.to} (${r.copied} documents)`);
  } finally {
    await es.close();
  }
}

function startServices(): void {
  startService('api');
  // The demo site is on the loopback (refused by the SSRF guard unless allowed) and ours (no need to wait a second between pages).
  startService('fetcher', { HEALTH_PORT: '0', FETCH_ALLOW_PRIVATE_NETWORKS: process.env.FETCH_ALLOW_PRIVATE_NETWORKS ?? '127.0.0.0/8,::1/128', FETCH_HOST_DELAY_MS: process.env.FETCH_HOST_DELAY_MS ?? '100' });
  startService('parser', { HEALTH_PORT: '0' });
  startService('indexer', { HEALTH_PORT: '0' });
}

function callApi(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${apiBase}${path}`, {
    method,
    headers: { ...(config.adminToken ? { authorization: `Bearer ${config.adminToken}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

type PageOutcome = VisitOutcome & { url: string };

/** On a second demo run against the same Redis the pages are unchanged: skipped, and fine. */
const unchanged = (o: PageOutcome) => o.status === 'skipped' && isUnchangedSkip(o.code);

/**
 * The demo site as a source: its feed is read by the fetcher's discover stage, which
 * enqueues the articles; removing it first forgets what an earlier demo run saw. Follows
 * every page it enqueued to the index.
 */
async function crawlDemoSource(siteUrl: string): Promise<PageOutcome[]> {
  await callApi('DELETE', '/sources/demo');
  const added = await callApi('PUT', '/sources/demo', { name: 'Demo news site', feeds: [`${siteUrl}/feed.xml`], include: ['-\\d+\\.html$'] });
  if (!added.ok) throw new Error(`PUT /sources/demo answered ${added.status}: ${await added.text()}`);
  const { visitId: runId } = (await (await callApi('POST', '/crawls', { sourceId: 'demo' })).json()) as { visitId: string };
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const fetchQueue = openQueue(QueueName.fetch, settings);
  try {
    const run = await followRun(settings, runId, 60_000);
    if ('error' in run) throw new Error(`the demo source's run failed: ${run.error}`);
    console.log(`• crawling ${run.enqueued} articles from ${siteUrl}/feed.xml …`);
    return await Promise.all(
      run.visits.map(async (visitId) => {
        const url = (await fetchQueue.getJob(visitId))?.data.url ?? visitId;
        return { url, ...(await followVisit(settings, visitId, 120_000)) };
      }),
    );
  } finally {
    await fetchQueue.close();
    connection.disconnect();
  }
}

interface SampleHit {
  title: string;
  authors: string[];
  publishedAt: string | null;
  url: string;
  tasks: { ordinal: number; marker: string; text: string }[];
}

/** Where to look, and the best hit of a real search with its numbered tasks. */
async function printUrlsAndSample(): Promise<SampleHit | undefined> {
  const q = 'nhiệm vụ trọng tâm';
  const result = (await (await fetch(`${apiBase}/search?q=${encodeURIComponent(q)}`)).json()) as { total: number; hits: SampleHit[] };
  console.log(`\nSearch page  ${apiBase}/#/?q=${encodeURIComponent(q)}`);
  console.log(`Search API   ${apiBase}/search?q=${encodeURIComponent(q)}`);
  console.log(`Tasks API    ${apiBase}/tasks/search?q=${encodeURIComponent('giám sát')}`);
  console.log(`API docs     ${apiBase}/docs`);
  console.log(`Dashboard    ${apiBase}/admin/queues`);
  console.log(`Metrics      ${apiBase}/metrics`);
  console.log(`Logs         .data/logs/{api,fetcher,parser,indexer}.log\n`);
  console.log(`Sample: GET /search?q=${q} → ${result.total} hit(s)`);
  const top = result.hits[0];
  if (top) {
    console.log(`\n  ${top.title}\n  ${top.authors.join(', ')} | ${top.publishedAt}\n  ${top.url}\n  ${top.tasks.length} tasks:`);
    for (const t of top.tasks) {
      const text = t.text.replace(/\s+/g, ' ');
      console.log(`   ${t.ordinal}. ${t.marker ? `[${t.marker}] ` : '[implicit] '}${text.length > 110 ? text.slice(0, 109) + '…' : text}`);
    }
  }
  return top;
}

async function main(): Promise<void> {
  await upgradeIndicesIfNeeded();
  const site = await startDemoSite({ port: Number(process.env.DEMO_SITE_PORT ?? 8088) });
  console.log(`• demo news site      ${site.url}/`);
  startServices();
  await waitFor(`${apiBase}/healthz`, 60_000);
  const outcomes = await crawlDemoSource(site.url);
  for (const o of outcomes) console.log(`  ${o.status === 'indexed' || unchanged(o) ? '✓' : '✗'} ${o.url.slice(site.url.length)}  ${o.status === 'indexed' ? o.result : unchanged(o) ? 'unchanged since the last run' : `${o.status}: ${o.reason}`}`);
  const top = await printUrlsAndSample();
  const failed = outcomes.filter((o) => o.status !== 'indexed' && !unchanged(o)).length;
  if (once) {
    await site.close();
    await stopAll(failed || !top || top.tasks.length !== 6 ? 1 : 0);
  }
  console.log('\nRunning. Ctrl-C stops the services.');
}

main().catch(async (err) => {
  console.error(`demo failed: ${(err as Error).message}`);
  await stopAll(1);
});
