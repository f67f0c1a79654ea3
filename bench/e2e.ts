/**
 * `pnpm bench e2e [--pages N] [--replicas 1,2,4] [--concurrency C] [--trickle T]`
 *
 * Crawl → searchable, on the bench site of `pnpm bench crawl`: one fetcher, R parsers and R
 * indexers (R = each of --replicas), each its own process, on a private Redis, writing into
 * Elasticsearch (ELASTICSEARCH_URL, default the shared http://127.0.0.1:9201) under an index
 * prefix of the run's own, deleted after. Prints, per R: articles/s until the last page is
 * searchable, freshness p50/p95 (fetch requested → searchable) over the crawl and over T
 * single pages asked for one at a time, Redis memory, peak RSS and CPU per worker; also
 * Redis bytes per 1,000 queued pages. Merges it into bench/results.json under `e2e`.
 */
import { mkdtempSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisBytesPer1000Queued, runE2e, type E2eRun } from './crawl/e2e-run';
import { startSite } from './crawl/processes';
import { machine, markdownTable, option } from './crawl/results';
import { mergeResult } from './results';

const MB = 1024 * 1024;
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(0)} s` : x >= 1_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
const maxOf = (rss: Record<string, number>, kind: string) => Math.max(0, ...Object.entries(rss).filter(([k]) => k.startsWith(kind)).map(([, v]) => v));

function row(r: E2eRun): (string | number)[] {
  const cpu = r.cpuMsPerPage;
  return [
    `${r.replicas} + ${r.replicas}`,
    r.articlesPerSecond,
    `${ms(r.crawlFreshnessMs.p50)} / ${ms(r.crawlFreshnessMs.p95)}`,
    `${ms(r.singleFreshnessMs.p50)} / ${ms(r.singleFreshnessMs.p95)}`,
    `${(maxOf(r.peakRssBytes, 'fetcher') / MB).toFixed(0)} / ${(maxOf(r.peakRssBytes, 'parser') / MB).toFixed(0)} / ${(maxOf(r.peakRssBytes, 'indexer') / MB).toFixed(0)}`,
    `${cpu.fetcher?.toFixed(1)} / ${cpu.parser?.toFixed(1)} / ${cpu.indexer?.toFixed(1)} / ${cpu.redis?.toFixed(1)}`,
    `${(r.redisPeakUsedBytes / MB).toFixed(0)}`,
    `${r.peakWaiting.fetch} / ${r.peakWaiting.parse} / ${r.peakWaiting.index}`,
  ];
}

export async function runE2eBench(argv: string[]): Promise<void> {
  const pages = option(argv, 'pages', 2_000);
  const concurrency = option(argv, 'concurrency', 8);
  const trickle = option(argv, 'trickle', 50);
  const replicas = (argv.includes('--replicas') ? argv[argv.indexOf('--replicas') + 1]! : '1,2,4').split(',').map(Number);
  const elasticsearchUrl = process.env.ELASTICSEARCH_URL ?? 'http://127.0.0.1:9201';
  const logDir = mkdtempSync(join(tmpdir(), 'bench-e2e-'));
  const server = await startSite(pages);
  const site = { url: server.url, pages, pid: server.child.pid };
  console.log(`e2e bench: ${pages} pages at ${site.url} → Elasticsearch ${elasticsearchUrl}; replicas ${replicas.join(', ')} of parser and indexer; ${os.cpus().length} cores; logs in ${logDir}`);
  const runs: E2eRun[] = [];
  let queuedBytes = 0;
  try {
    queuedBytes = await redisBytesPer1000Queued(site.url);
    for (const r of replicas) {
      const run = await runE2e(site, r, { concurrency, elasticsearchUrl, logDir, trickle });
      runs.push(run);
      console.log(`  ${r} parser(s) + ${r} indexer(s): ${run.articlesPerSecond} articles/s (${run.seconds.toFixed(1)} s); freshness crawl p50 ${ms(run.crawlFreshnessMs.p50)} p95 ${ms(run.crawlFreshnessMs.p95)}, single pages p50 ${ms(run.singleFreshnessMs.p50)} p95 ${ms(run.singleFreshnessMs.p95)}; CPU ms/page ${JSON.stringify(run.cpuMsPerPage)}; most waiting ${JSON.stringify(run.peakWaiting)}; Redis commands/page ${run.redisCommandsPerPage.all}`);
    }
  } finally {
    await server.child.stop();
  }
  const cores = os.cpus().length;
  const table = markdownTable(
    [`parsers + indexers (${cores} cores in all)`, 'articles/s', 'freshness p50 / p95, whole crawl queued at once', `freshness p50 / p95, single pages (${trickle}, one every 200 ms)`, 'peak RSS MB fetcher / parser / indexer', 'CPU ms/page fetcher / parsers / indexers / Redis', 'Redis peak MB', 'most waiting fetch / parse / index'],
    runs.map(row),
  );
  console.log(`\n${pages} pages, fetch concurrency ${concurrency}; this machine has ${cores} cores, shared with other work (noisy): more replicas than cores shows the cost of processes, not scale-out.\n`);
  console.log(table);
  console.log(`\nRedis per 1,000 queued pages (waiting fetch jobs): ${(queuedBytes / 1024).toFixed(0)} KB`);
  mergeResult('e2e', { at: new Date().toISOString(), pages, concurrency, machine: machine(), redisBytesPer1000QueuedPages: queuedBytes, runs, table });
}
