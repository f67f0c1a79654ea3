/**
 * `pnpm bench extract [--sample N] [--rounds N] [--only floor,ours,readability]`
 *
 * Speed of: bare cheerio parse (htmlparser2 mode, the floor our extractor builds on), our `extract()`,
 * and Readability.js including jsdom construction. Fixed, deterministic sample: N pages (default 150)
 * evenly spread over the eval set sorted by file name, plus packages/extract/test/fixtures/*.html.
 * Single-threaded, in the main thread; one warm-up pass per method, then `rounds` timed passes in
 * which each page goes through every method in turn (so load bursts on a shared machine hit all alike).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeBody } from '@ingest/crawl';
import { extract } from '@ingest/extract';
import { DEFAULT_URL, REPO_ROOT, datasetDir, loadEntries, loadPage, parseArgs, sampleEntries, table } from './dataset';
import { mergeResult } from './results';
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

  const all: Array<Method & { key: string }> = [
    { key: 'floor', name: 'cheerio.load (parse only, floor)', fn: (d) => cheerioParse(d.html) },
    { key: 'ours', name: 'ours: extract()', fn: (d) => extract(d.html, d.url) },
    { key: 'readability', name: 'Readability.js + jsdom', fn: (d) => runReadability(d.html, d.url) },
  ];
  // `--only floor,ours` skips Readability's minutes while tuning; results.json is written only for full runs.
  const only = flags.get('only')?.split(',');
  const methods: Method[] = only ? all.filter((m) => only.includes(m.key)) : all;

  console.log('# extract: extraction speed');
  console.log(`sample: ${docs.length} pages (${n} from the eval set, evenly spaced by file name, + ${docs.length - n} fixtures), ${(totalBytes / 1e6).toFixed(1)} MB of HTML`);
  console.log(`node ${process.version}, single thread, 1 warm-up pass + ${rounds} timed passes per method, methods interleaved page by page; times exclude reading and decoding`);
  console.log('');

  const rows: (string | number)[][] = [];
  const rates = new Map<string, number>();
  const figures: Record<string, unknown> = {};
  const times = timeMethods(methods, docs, rounds);
  for (const [k, m] of methods.entries()) {
    const timed = times[k]!;
    rates.set(m.name, timed.pagesPerS);
    figures[m.name] = {
      pagesPerS: round(timed.pagesPerS, 1), p50Ms: round(percentile(timed.perPage, 50), 2), p95Ms: round(percentile(timed.perPage, 95), 2),
      maxMs: round(percentile(timed.perPage, 100), 1), slowestPage: timed.slowest, errors: timed.failures / rounds,
    };
    rows.push([
      m.name, timed.pagesPerS.toFixed(1), ((totalBytes * rounds) / 1e6 / (timed.totalMs / 1000)).toFixed(2),
      percentile(timed.perPage, 50).toFixed(2), percentile(timed.perPage, 95).toFixed(2), percentile(timed.perPage, 100).toFixed(1), timed.failures / rounds,
    ]);
  }
  console.log(table(['Method', 'pages/s', 'MB/s', 'p50 ms', 'p95 ms', 'max ms', 'errors'], rows));
  const ours = rates.get('ours: extract()') ?? 0;
  const rdb = rates.get('Readability.js + jsdom') ?? 0;
  const floor = rates.get('cheerio.load (parse only, floor)') ?? 0;
  console.log('');
  if (rdb > 0) console.log(`ours / Readability.js throughput: ${(ours / rdb).toFixed(2)}x  (ours is ${ours >= rdb ? 'faster' : 'slower'})`);
  console.log(`ours / cheerio parse floor: ${(ours / floor).toFixed(2)}x of the parse-only throughput`);
  for (const [name, f] of Object.entries(figures)) console.log(`slowest page for ${name}: ${(f as { slowestPage: string }).slowestPage}`);
  if (!only) mergeResult('extract', {
    measuredAt: new Date().toISOString(), node: process.version, pages: docs.length, mb: round(totalBytes / 1e6, 1), rounds,
    methods: figures, oursOverFloor: round(ours / floor, 2), oursOverReadability: rdb > 0 ? round(ours / rdb, 2) : null,
  });
}

const round = (n: number, digits: number): number => Number(n.toFixed(digits));

interface Timed {
  pagesPerS: number;
  totalMs: number;
  perPage: number[];
  failures: number;
  slowest: string;
}

/**
 * One warm-up pass per method, then `rounds` timed passes in which every page goes through
 * every method back to back: on a shared, noisy machine a burst of load then hits all methods
 * alike, so their ratio holds even when the absolute figures swing. A throw counts as a
 * failure, not a stop.
 */
function timeMethods(methods: Method[], docs: Doc[], rounds: number): Timed[] {
  const state = methods.map(() => ({ failures: 0, perPage: [] as number[], totalMs: 0, slowest: { name: '', ms: -1 } }));
  const call = (i: number, d: Doc): void => {
    try {
      methods[i]!.fn(d);
    } catch {
      state[i]!.failures++;
    }
  };
  methods.forEach((m, i) => {
    for (const d of docs) call(i, d); // warm-up
    state[i]!.failures = 0;
    process.stderr.write(`[speed] ${m.name} warmed up\n`);
  });
  (globalThis as { gc?: () => void }).gc?.();
  for (let r = 0; r < rounds; r++) {
    for (const d of docs) {
      for (let i = 0; i < methods.length; i++) {
        const t0 = performance.now();
        call(i, d);
        const ms = performance.now() - t0;
        const st = state[i]!;
        st.perPage.push(ms);
        st.totalMs += ms;
        if (ms > st.slowest.ms) st.slowest = { name: `${d.name} (${(d.bytes / 1e6).toFixed(1)} MB, ${ms.toFixed(0)} ms)`, ms };
      }
    }
  }
  return state.map((st) => ({
    pagesPerS: (docs.length * rounds) / (st.totalMs / 1000), totalMs: st.totalMs, perPage: st.perPage.sort((a, b) => a - b), failures: st.failures, slowest: st.slowest.name,
  }));
}
