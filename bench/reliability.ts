/**
 * `pnpm bench reliability [--pages N] [--rounds R] [--memory-pages M]`: runs the fault tests
 * (tests/reliability/faults: kill -9 of every worker mid-crawl, a job whose worker dies
 * twice, double delivery, memory under a long run, Redis bytes per queued job) against real Redis and Elasticsearch,
 * prints one table of what they measured and merges it into bench/results.json under
 * `reliability`. Exits 1 when a test failed (the table still shows what was measured).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results.json');

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
  const started = Date.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'integration', 'tests/reliability/faults'], { cwd: ROOT, env, stdio: 'inherit' });
    child.once('exit', (c) => resolve(c ?? 1));
  });
  const figures: Record<string, Figures> = {};
  for (const f of existsSync(dir) ? readdirSync(dir) : []) if (f.endsWith('.json')) figures[f.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Figures;

  const kill = figures['kill-nine'] ?? {};
  const twice = figures['double-delivery'] ?? {};
  const mem = figures.memory ?? {};
  const redis = figures['redis-1000-fetch-jobs'] ?? {};
  const twiceDead = figures['stalled-twice'] ?? {};
  const mb = (b: unknown) => (typeof b === 'number' ? `${(b / 1024 / 1024).toFixed(0)} MB` : '–');
  const killRss = (kill.peakRssBytes ?? {}) as Record<string, number>;
  const memRss = (mem.peakRssBytes ?? {}) as Record<string, number>;
  const rows: [string, string][] = [
    ['faults injected (kill -9)', String(kill.faultsInjected ?? '–')],
    ['pages crawled', String(kill.pagesCrawled ?? '–')],
    ['pages searchable', String(kill.pagesSearchable ?? '–')],
    ['duplicates (kill -9 run)', String(kill.duplicates ?? '–')],
    ['parked jobs', String(kill.parkedJobs ?? '–')],
    ['one job, its worker killed twice', twiceDead.state !== undefined ? `${twiceDead.state} after ${twiceDead['returns from dead workers (stalledCounter)']} returns` : '–'],
    ['double deliveries → duplicates', twice.deliveries !== undefined ? `${twice.deliveries} → ${twice.duplicates}` : '–'],
    ['peak RSS fetcher (kill -9 run)', mb(killRss.fetcher)],
    ['peak RSS parser (kill -9 run)', mb(killRss.parser)],
    ['peak RSS indexer (kill -9 run)', mb(killRss.indexer)],
    [`peak RSS parser (${mem.memoryPages ?? '?'} pages)`, mb(memRss.parser)],
    [`peak RSS indexer (${mem.memoryPages ?? '?'} pages)`, mb(memRss.indexer)],
    ['Redis bytes per 1,000 fetch jobs', typeof redis.redisBytesPer1000Jobs === 'number' ? redis.redisBytesPer1000Jobs.toLocaleString('en') : '–'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nreliability (${((Date.now() - started) / 1000).toFixed(0)} s, tests ${code === 0 ? 'passed' : 'FAILED'})`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);

  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  const reliability = {
    at: new Date().toISOString(),
    passed: code === 0,
    faultsInjected: kill.faultsInjected ?? null,
    pagesCrawled: kill.pagesCrawled ?? null,
    pagesSearchable: kill.pagesSearchable ?? null,
    duplicates: kill.duplicates ?? null,
    parkedJobs: kill.parkedJobs ?? null,
    doubleDeliveries: twice.deliveries ?? null,
    doubleDeliveryDuplicates: twice.duplicates ?? null,
    peakRssBytes: { killNine: killRss, longRun: memRss },
    longRunPages: mem.memoryPages ?? null,
    redisBytesPer1000FetchJobs: redis.redisBytesPer1000Jobs ?? null,
    figures,
  };
  writeFileSync(RESULTS, `${JSON.stringify({ ...previous, reliability }, null, 2)}\n`);
  console.log(`  written to bench/results.json (reliability)`);
  if (code !== 0) process.exitCode = 1;
}
