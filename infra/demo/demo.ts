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
import { QueueName, type DiscoverResult } from '@ingest/contracts';
import { createRedisConnection, followVisit, openQueue } from '@ingest/queue';
import { createSearchClient, ensureIndices, reindex } from '@ingest/search';
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
    if (!/run `ingest reindex`/.test((err as Error).message)) throw err;
    for (const r of await reindex(es, config.indexPrefix)) console.log(`• index upgraded to this version's mapping: ${r.from} → ${r.to} (${r.copied} documents)`);
  } finally {
    await es.close();
  }
}

async function main(): Promise<void> {
  await upgradeIndicesIfNeeded();
  const site = await startDemoSite({ port: Number(process.env.DEMO_SITE_PORT ?? 8088) });
  console.log(`• demo news site      ${site.url}/`);
  startService('api');
  // The demo site is on the loopback (refused by the SSRF guard unless allowed) and ours (no need to wait a second between pages).
  startService('fetcher', { HEALTH_PORT: '0', FETCH_ALLOW_PRIVATE_NETWORKS: process.env.FETCH_ALLOW_PRIVATE_NETWORKS ?? '127.0.0.0/8,::1/128', FETCH_HOST_DELAY_MS: process.env.FETCH_HOST_DELAY_MS ?? '100' });
  startService('parser', { HEALTH_PORT: '0' });
  startService('indexer', { HEALTH_PORT: '0' });
  await waitFor(`${apiBase}/healthz`, 60_000);

  // The demo site as a source: its feed is read by the fetcher's discover worker, which
  // enqueues the articles; removing it first forgets what an earlier demo run saw.
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`${apiBase}${path}`, {
      method,
      headers: { ...(config.adminToken ? { authorization: `Bearer ${config.adminToken}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  await api('DELETE', '/sources/demo');
  const added = await api('PUT', '/sources/demo', { name: 'Demo news site', feeds: [`${site.url}/feed.xml`], include: ['-\\d+\\.html$'] });
  if (!added.ok) throw new Error(`PUT /sources/demo answered ${added.status}: ${await added.text()}`);
  const { visitId: runId } = (await (await api('POST', '/crawls', { sourceId: 'demo' })).json()) as { visitId: string };
  const discoverQueue = openQueue(QueueName.discover, settings);
  const fetchQueue = openQueue(QueueName.fetch, settings);
  let run: DiscoverResult | undefined;
  for (const deadline = Date.now() + 60_000; !run; await new Promise((r) => setTimeout(r, 200))) {
    const job = await discoverQueue.getJob(runId);
    const state = await job?.getState();
    if (state === 'completed') run = job!.returnvalue as DiscoverResult;
    else if (state === 'failed') throw new Error(`the demo source's run failed: ${job!.failedReason}`);
    else if (Date.now() > deadline) throw new Error('the demo source was not read within 60 s');
  }
  console.log(`• crawling ${run.enqueued} articles from ${site.url}/feed.xml …`);
  const outcomes = await Promise.all(
    run.visits.map(async (visitId) => {
      const url = (await fetchQueue.getJob(visitId))?.data.url ?? visitId;
      return { url, ...(await followVisit(settings, visitId, 120_000)) };
    }),
  );
  await discoverQueue.close();
  await fetchQueue.close();
  connection.disconnect();
  // On a second demo run against the same Redis the pages are unchanged: skipped, and fine.
  const unchanged = (o: (typeof outcomes)[number]) => o.status === 'skipped' && /^(not-modified|unchanged-content)/.test(o.reason);
  for (const o of outcomes) console.log(`  ${o.status === 'indexed' || unchanged(o) ? '✓' : '✗'} ${o.url.slice(site.url.length)}  ${o.status === 'indexed' ? o.result : unchanged(o) ? 'unchanged since the last run' : `${o.status}: ${o.reason}`}`);

  const q = 'nhiệm vụ trọng tâm';
  const result = (await (await fetch(`${apiBase}/search?q=${encodeURIComponent(q)}`)).json()) as {
    total: number;
    hits: { title: string; authors: string[]; publishedAt: string | null; url: string; tasks: { ordinal: number; marker: string; text: string }[] }[];
  };
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
