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
import { createRedisConnection, followVisit } from '@ingest/queue';
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

async function main(): Promise<void> {
  const site = await startDemoSite({ port: Number(process.env.DEMO_SITE_PORT ?? 8088) });
  console.log(`• demo news site      ${site.url}/`);
  startService('api');
  // The demo site is on the loopback (refused by the SSRF guard unless allowed) and ours (no need to wait a second between pages).
  startService('fetcher', { HEALTH_PORT: '0', FETCH_ALLOW_PRIVATE_NETWORKS: process.env.FETCH_ALLOW_PRIVATE_NETWORKS ?? '127.0.0.0/8,::1/128', FETCH_HOST_DELAY_MS: process.env.FETCH_HOST_DELAY_MS ?? '100' });
  startService('parser', { HEALTH_PORT: '0' });
  startService('indexer', { HEALTH_PORT: '0' });
  await waitFor(`${apiBase}/healthz`, 60_000);

  // Discovery proper (feeds, sitemaps, schedules) belongs to the fetcher; the demo reads
  // the feed itself only to have a list to hand to POST /crawls.
  const feed = await (await fetch(`${site.url}/feed.xml`)).text();
  const urls = [...feed.matchAll(/<link>\s*([^<\s]+)\s*<\/link>/g)].map((m) => m[1]!).filter((u) => u.startsWith(site.url + '/') && u !== site.url + '/');
  console.log(`• crawling ${urls.length} articles from ${site.url}/feed.xml …`);
  const connection = createRedisConnection(config.redisUrl);
  const settings = { connection, prefix: config.queuePrefix };
  const outcomes = await Promise.all(
    urls.map(async (url) => {
      const res = await fetch(`${apiBase}/crawls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url, sourceId: 'demo' }) });
      const { visitId } = (await res.json()) as { visitId: string };
      return { url, ...(await followVisit(settings, visitId, 120_000)) };
    }),
  );
  connection.disconnect();
  for (const o of outcomes) console.log(`  ${o.status === 'indexed' ? '✓' : '✗'} ${o.url.slice(site.url.length)}  ${o.status === 'indexed' ? o.result : `${o.status}: ${o.reason}`}`);

  const q = 'nhiệm vụ trọng tâm';
  const result = (await (await fetch(`${apiBase}/search?q=${encodeURIComponent(q)}`)).json()) as {
    total: number;
    hits: { title: string; authors: string[]; publishedAt: string | null; url: string; tasks: { ordinal: number; marker: string; text: string }[] }[];
  };
  console.log(`\nSearch API   ${apiBase}/search?q=${encodeURIComponent(q)}`);
  console.log(`Tasks API    ${apiBase}/tasks/search?q=${encodeURIComponent('giám sát')}`);
  console.log(`Dashboard    ${apiBase}/admin/queues`);
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
  const failed = outcomes.filter((o) => o.status !== 'indexed').length;
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
