/**
 * `pnpm bench crawl [--pages N] [--rounds R] [--concurrency C] [--only ours,crawlee,floor]`
 *
 * Crawl speed on one local site (bench/site: N article pages of 40–80 KB, four layouts in
 * Vietnamese and English, a feed and a sitemap index, served by its own process), three
 * paths in one run, each from a cold start, at the same concurrency:
 * - ours: fetcher (discovery + fetch, robots.txt honoured, no delay for this host) and
 *   parser (full extraction) as production runs them, through BullMQ on a private Redis,
 *   until every page is parsed;
 * - Crawlee's CheerioCrawler, the sitemap's URLs, robots.txt honoured, title and body with cheerio;
 * - the floor: undici + cheerio (htmlparser2), no queue.
 * Prints articles/s, CPU ms per page of each process and the ratio to Crawlee (medians of
 * the rounds), a markdown table for the README, and merges it all into bench/results.json
 * under `crawl`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSite } from './crawl/processes';
import { runCrawlerChild, runOurs, type PathRun, type Site } from './crawl/paths';
import { machine, markdownTable, median, option } from './crawl/results';
import { mergeResult } from './results';

const PATHS = {
  ours: 'ours: fetcher + parser, BullMQ on Redis (full extraction)',
  crawlee: 'Crawlee CheerioCrawler (title + body)',
  floor: 'floor: undici + cheerio htmlparser2, no queue',
} as const;
type PathName = keyof typeof PATHS;

interface Summary {
  articlesPerSecond: number;
  cpuMsPerPage: Record<string, number>;
  rounds: number[];
  failed: number;
  peakRssBytes: Record<string, number>;
  /** Median over the rounds of this path's articles/s over Crawlee's in the same round. */
  ratioToCrawlee?: number;
  /** Ours: Redis commands per page (INFO commandstats), median of the rounds. */
  redisCommandsPerPage?: number;
}

function summarise(runs: PathRun[], pages: number): Summary {
  const processes = Object.keys(runs[0]!.cpu);
  return {
    articlesPerSecond: Math.round(median(runs.map((r) => r.articles / r.seconds))),
    cpuMsPerPage: Object.fromEntries(processes.map((p) => [p, Number(median(runs.map((r) => (r.cpu[p]! * 1000) / pages)).toFixed(2))])),
    rounds: runs.map((r) => Math.round(r.articles / r.seconds)),
    failed: Math.max(...runs.map((r) => r.failed)),
    peakRssBytes: Object.fromEntries(Object.keys(runs[0]!.peakRss).map((p) => [p, Math.max(...runs.map((r) => r.peakRss[p] ?? 0))])),
    ...(runs[0]!.notes ? { redisCommandsPerPage: median(runs.map((r) => (r.notes!.redisCommandsPerPage as Record<string, number>).all!)) } : {}),
  };
}

const cpuText = (s: Summary) =>
  Object.entries(s.cpuMsPerPage)
    .filter(([p]) => p !== 'site' && !p.endsWith(':main'))
    .map(([p, ms]) => `${p} ${ms.toFixed(1)}`)
    .join(', ');

export async function runCrawlBench(argv: string[]): Promise<void> {
  const pages = option(argv, 'pages', 2_000);
  const rounds = option(argv, 'rounds', 3);
  const concurrency = option(argv, 'concurrency', 8);
  const only = (argv.includes('--only') ? argv[argv.indexOf('--only') + 1]!.split(',') : Object.keys(PATHS)) as PathName[];
  const logDir = mkdtempSync(join(tmpdir(), 'bench-crawl-'));
  const server = await startSite(pages);
  const site: Site = { url: server.url, pages, pid: server.child.pid };
  console.log(`crawl bench: ${pages} pages (${(server.articleBytes / pages / 1024).toFixed(1)} KB on average) at ${site.url}, concurrency ${concurrency}, ${rounds} round(s); logs in ${logDir}`);
  const runs: Record<PathName, PathRun[]> = { ours: [], crawlee: [], floor: [] };
  try {
    for (let r = 1; r <= rounds; r++) {
      for (const path of only) {
        const run = path === 'ours' ? await runOurs(site, concurrency, logDir, r) : await runCrawlerChild(path === 'crawlee' ? 'crawlee-crawler' : 'floor-crawler', site, concurrency);
        runs[path].push(run);
        const cpu = Object.entries(run.cpu).map(([p, s]) => `${p} ${((s * 1000) / pages).toFixed(1)}`).join(', ');
        if (run.notes) console.log(`    ${JSON.stringify(run.notes)}`);
        console.log(`  round ${r} ${path.padEnd(8)} ${(run.articles / run.seconds).toFixed(0).padStart(5)} articles/s  ${run.articles}/${pages} in ${run.seconds.toFixed(1)} s, failed ${run.failed}; CPU ms/page: ${cpu}`);
      }
    }
  } finally {
    await server.child.stop();
  }
  const summary = Object.fromEntries(only.map((p) => [p, summarise(runs[p], pages)])) as Partial<Record<PathName, Summary>>;
  // Against Crawlee round by round (paths of one round ran minutes apart at most), then the
  // median: on a shared machine that pairs figures taken under about the same load.
  const ratio = (p: PathName) => (summary.crawlee ? median(summary[p]!.rounds.map((x, i) => x / summary.crawlee!.rounds[i]!)) : undefined);
  for (const p of only) if (summary.crawlee) summary[p]!.ratioToCrawlee = Number(ratio(p)!.toFixed(2));
  const rows = only.map((p) => {
    const s = summary[p]!;
    const total = Object.entries(s.cpuMsPerPage).filter(([k]) => k !== 'site' && !k.endsWith(':main')).reduce((a, [, v]) => a + v, 0);
    return [PATHS[p], s.articlesPerSecond, s.ratioToCrawlee !== undefined ? `${s.ratioToCrawlee.toFixed(2)}×` : '–', `${total.toFixed(1)} (${cpuText(s)})`, s.cpuMsPerPage.site?.toFixed(1) ?? '–'];
  });
  const table = markdownTable(['path', 'articles/s (median)', 'vs Crawlee (median of rounds)', 'CPU ms/page (per process)', 'site server CPU ms/page'], rows);
  const m = machine();
  console.log(`\nmedians of ${rounds} round(s), ${pages} pages, concurrency ${concurrency}; ${m.cores} cores, shared with other work (noisy):\n`);
  console.log(table);
  if (summary.ours?.redisCommandsPerPage) console.log(`\nours: ${summary.ours.redisCommandsPerPage} Redis commands per page (BullMQ's and ours; INFO commandstats)`);
  mergeResult('crawl', { at: new Date().toISOString(), pages, rounds, concurrency, machine: m, paths: summary, table });
}
