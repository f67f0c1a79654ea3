/**
 * `pnpm bench extract [--sample N] [--rounds N]`
 *
 * Speed of: bare cheerio parse (htmlparser2 mode, the floor our extractor builds on), our `extract()`,
 * and Readability.js including jsdom construction. Fixed, deterministic sample: N pages (default 150)
 * evenly spread over the eval set sorted by file name, plus packages/extract/test/fixtures/*.html.
 * Single-threaded, in the main thread; one warm-up pass per method, then `rounds` timed passes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeBody } from '@ingest/crawl';
import { extract } from '@ingest/extract';
import { DEFAULT_URL, REPO_ROOT, datasetDir, loadEntries, loadPage, parseArgs, sampleEntries, table } from './dataset';
import { cheerioParse, runReadability, safeUrl } from './systems';

interface Doc {
  name: string;
  html: string;
  url: string;
  bytes: number;
}

interface Method {
  name: string;
  fn: (d: Doc) => unknown;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function loadFixtures(): Doc[] {
  const dir = resolve(REPO_ROOT, 'packages/extract/test/fixtures');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => {
      const bytes = readFileSync(resolve(dir, f));
      return { name: `fixture:${f}`, html: decodeBody(bytes, null).text, url: DEFAULT_URL, bytes: bytes.byteLength };
    });
}

export async function runExtractSpeed(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv);
  const n = Number(flags.get('sample') ?? 150);
  const rounds = Math.max(1, Number(flags.get('rounds') ?? 2));
  const dir = datasetDir();
  const docs: Doc[] = sampleEntries(loadEntries(dir), n).map((e) => {
    const p = loadPage(dir, e);
    return { name: e.file, html: p.html, url: safeUrl(e.url, DEFAULT_URL), bytes: p.bytes };
  });
  docs.push(...loadFixtures());
  const totalBytes = docs.reduce((s, d) => s + d.bytes, 0);

  const methods: Method[] = [
    { name: 'cheerio.load (parse only, floor)', fn: (d) => cheerioParse(d.html) },
    { name: 'ours: extract()', fn: (d) => extract(d.html, d.url) },
    { name: 'Readability.js + jsdom', fn: (d) => runReadability(d.html, d.url) },
  ];

  console.log('# extract: extraction speed');
  console.log(`sample: ${docs.length} pages (${n} from the eval set, evenly spaced by file name, + ${docs.length - n} fixtures), ${(totalBytes / 1e6).toFixed(1)} MB of HTML`);
  console.log(`node ${process.version}, single thread, 1 warm-up pass + ${rounds} timed passes per method; times exclude reading and decoding`);
  console.log('');

  const rows: (string | number)[][] = [];
  const rates = new Map<string, number>();
  for (const m of methods) {
    const timed = timeMethod(m, docs, rounds);
    rates.set(m.name, timed.pagesPerS);
    rows.push([
      m.name, timed.pagesPerS.toFixed(1), ((totalBytes * rounds) / 1e6 / (timed.totalMs / 1000)).toFixed(2),
      percentile(timed.perPage, 50).toFixed(2), percentile(timed.perPage, 95).toFixed(2), percentile(timed.perPage, 100).toFixed(1), timed.failures / rounds,
    ]);
    process.stderr.write(`[speed] ${m.name} done\n`);
  }
  console.log(table(['Method', 'pages/s', 'MB/s', 'p50 ms', 'p95 ms', 'max ms', 'errors'], rows));
  const ours = rates.get('ours: extract()') ?? 0;
  const rdb = rates.get('Readability.js + jsdom') ?? 0;
  const floor = rates.get('cheerio.load (parse only, floor)') ?? 0;
  console.log('');
  console.log(`ours / Readability.js throughput: ${(ours / rdb).toFixed(2)}x  (ours is ${ours >= rdb ? 'faster' : 'slower'})`);
  console.log(`ours / cheerio parse floor: ${(ours / floor).toFixed(2)}x of the parse-only throughput`);
}

/** One warm-up pass, then `rounds` timed passes over every page; a throw counts as a failure, not a stop. */
function timeMethod(m: Method, docs: Doc[], rounds: number): { pagesPerS: number; totalMs: number; perPage: number[]; failures: number } {
  let failures = 0;
  const call = (d: Doc) => {
    try {
      m.fn(d);
    } catch {
      failures++;
    }
  };
  for (const d of docs) call(d); // warm-up
  failures = 0;
  (globalThis as { gc?: () => void }).gc?.();
  const perPage: number[] = [];
  let totalMs = 0;
  for (let r = 0; r < rounds; r++) {
    for (const d of docs) {
      const t0 = performance.now();
      call(d);
      const ms = performance.now() - t0;
      perPage.push(ms);
      totalMs += ms;
    }
  }
  perPage.sort((a, b) => a - b);
  return { pagesPerS: (docs.length * rounds) / (totalMs / 1000), totalMs, perPage, failures };
}
