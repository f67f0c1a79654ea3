/**
 * `pnpm bench reliability [--pages N] [--rounds R] [--memory-pages M] [--faults-only]`: runs the
 * fault and outage tests (tests/reliability/faults: kill -9 of every worker mid-crawl, a job whose
 * worker dies twice, double delivery, memory under a long run, Redis bytes per queued job;
 * tests/reliability/outages: Elasticsearch down, slow and refusing, Redis restarted) against
 * real Redis and Elasticsearch,
 * prints one table of what they measured and merges it into bench/results.json under
 * `reliability`. Exits 1 when a test failed (the table still shows what was measured).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeResult } from './results';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

type Figures = Record<string, unknown>;

export async function runReliabilityBench(argv: string[]): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'reliability-figures-'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), RELIABILITY_FIGURES_DIR: dir };
  for (const [flag, name] of [
    ['pages', 'RELIABILITY_PAGES'],
    ['rounds', 'RELIABILITY_ROUNDS'],
    ['memory-pages', 'RELIABILITY_MEMORY_PAGES'],
  ] as const) {
    const v = option(argv, flag);
    if (v) env[name] = v;
  }
  const suites = argv.includes('--faults-only') ? ['tests/reliability/faults'] : ['tests/reliability/faults', 'tests/reliability/outages'];
  const started = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'integration', ...suites], { cwd: ROOT, env, stdio: 'inherit' });
    child.once('exit', (c) => resolve(c ?? 1));
  });
  const figures: Record<string, Figures> = {};
  for (const f of existsSync(dir) ? readdirSync(dir) : []) if (f.endsWith('.json')) figures[f.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Figures;

  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`\nreliability (${seconds} s, tests ${code === 0 ? 'passed' : 'FAILED'})`);
  const faults = faultRows(figures);
  printMarkdown(['fault (`tests/reliability/…`)', 'pages', 'searchable', 'duplicates', 'parked', 'what else it shows'], faults);
  const other = otherRows(figures);
  const width = Math.max(...other.map(([k]) => k.length));
  for (const [k, v] of other) console.log(`  ${k.padEnd(width)}  ${v}`);

  const reliability = { at: new Date().toISOString(), passed: code === 0, seconds: Number(seconds), faults, other, figures };
  mergeResult('reliability', reliability);
  if (code !== 0) process.exitCode = 1;
}

const dash = (v: unknown) => (v === undefined || v === null ? '–' : typeof v === 'number' ? v.toLocaleString('en') : String(v));
const secs = (ms: unknown) => (typeof ms === 'number' ? `${(ms / 1000).toFixed(1)} s` : '–');

/** One row per fault test that ran: what was broken, and what the index held after. */
function faultRows(figures: Record<string, Figures>): string[][] {
  const rows: string[][] = [];
  const k = figures['kill-nine'];
  if (k) rows.push([`\`kill -9\` of fetcher, parser and indexer, ${dash(k.faultsInjected)} kills (\`faults/kill-nine\`)`, dash(k.pagesCrawled), dash(k.pagesSearchable), dash(k.duplicates), dash(k.parkedJobs), 'no worker exited on its own; every restarted one ready']);
  const d = figures['double-delivery'];
  if (d) rows.push(['a job delivered twice: indexer frozen past its lock, then thawed (`faults/double-delivery`)', dash(d.jobs), dash(d['article documents']), dash(d.duplicates), '0', `${dash(d.deliveries)} deliveries; the thawed indexer rewrote ${dash(d['documents A wrote again after thawing'])} documents, same ids`]);
  const t = figures['stalled-twice'];
  if (t) rows.push(['a job whose worker is killed twice (`faults/stalled-twice`)', '1', t.state === 'completed' ? '1' : '0', '0', dash(t.failed), `${dash(t['returns from dead workers (stalledCounter)'])} returns from dead workers, then ${dash(t.state)}`]);
  const e = figures['elasticsearch-down'];
  if (e) rows.push([`${dash(e.fault)} (\`outages/elasticsearch-down\`)`, dash(e.pagesCrawled), dash(e.pagesSearchable), dash(e.duplicates), dash(e.parkedJobs), `\`/readyz\` 503 ×${dash(e.readyz503DuringOutage)}, 200 ${secs(e.readyAfterMs)} after; at most ${dash(e.maxAttempts)} of 12 index attempts`]);
  const s = figures['elasticsearch-slow'];
  if (s) rows.push([`${dash(s.fault)} (\`outages/elasticsearch-slow\`)`, dash(s.pagesCrawled), dash(s.pagesSearchable), dash(s.duplicates), dash(s.parkedJobs), `${dash(s.bulkRequestsRefused)} bulk requests refused; indexing again ${secs(s.indexingAgainMs)} after; at most ${dash(s.maxAttempts)} of 12 attempts`]);
  const r = figures['redis-restart'];
  if (r) rows.push([`${dash(r.fault)} (\`outages/redis-restart\`)`, dash(r.pagesCrawled), dash(r.pagesSearchable), dash(r.duplicates), dash(r.parkedJobs), `${dash(r.unfinishedJobsKept)} unfinished and ${dash(r.delayedFetchJobsKept)} delayed jobs kept; every \`/readyz\` 200 ${secs(r.allReadyAfterMs)} after Redis is back`]);
  return rows;
}

/** Memory and Redis figures, and the peak RSS of the workers killed mid-crawl. */
function otherRows(figures: Record<string, Figures>): [string, string][] {
  const mb = (b: unknown) => (typeof b === 'number' ? `${(b / 1024 / 1024).toFixed(0)} MB` : '–');
  const killRss = (figures['kill-nine']?.peakRssBytes ?? {}) as Record<string, number>;
  const mem = figures.memory ?? {};
  const memRss = (mem.peakRssBytes ?? {}) as Record<string, number>;
  const redis = figures['redis-1000-fetch-jobs'] ?? {};
  return [
    ['peak RSS fetcher / parser / indexer (kill -9 run)', [killRss.fetcher, killRss.parser, killRss.indexer].map(mb).join(' / ')],
    [`peak RSS parser / indexer (${dash(mem.memoryPages)} pages)`, [memRss.parser, memRss.indexer].map(mb).join(' / ')],
    ['Redis bytes per 1,000 queued fetch jobs', dash(redis.redisBytesPer1000Jobs)],
  ];
}

function printMarkdown(head: string[], rows: string[][]): void {
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
