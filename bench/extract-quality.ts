/**
 * `pnpm bench extract-quality [--limit N] [--only ours|readability] [--timeout S] [--worst N]`
 *
 * Scores our extractor and Readability.js on the trafilatura evaluation set, with the README's method
 * (whitespace-normalised, case-sensitive substring match of "with"/"without" snippets, micro-averaged).
 * Each system runs in its own worker thread (both in parallel: fits 2 cores), one page at a time; a page
 * that takes longer than the timeout is cut off (the worker is restarted) and scored as empty output.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { extract } from '@ingest/extract';
import {
  DEFAULT_URL, REPO_ROOT, addCounts, datasetDir, loadEntries, metrics, parseArgs, scorePage, table, zeroCounts,
  type Counts, type EvalEntry,
} from './dataset';
import type { PageRequest, PageResult } from './quality-worker';
import { mergeResult } from './results';
import { SYSTEMS, makeDom, type SystemName } from './systems';
import { Readability } from '@mozilla/readability';

/** The README's "Published results" (trafilatura docs/evaluation.rst, 2026-08-04), for reference only. */
const PUBLISHED: [string, number, number, number, number, string][] = [
  ['html2text 2025.4.15', 0.525, 0.9, 0.544, 0.663, '2.8x'],
  ['raw HTML (whole page)', 0.528, 0.906, 0.549, 0.667, '0.03x'],
  ['beautifulsoup4 4.15.0', 0.532, 0.98, 0.561, 0.69, '2.1x'],
  ['html_text 0.7.1', 0.531, 0.988, 0.559, 0.691, '0.7x'],
  ['inscriptis 2.7.4 (html to txt)', 0.534, 0.991, 0.564, 0.694, '1.1x'],
  ['newspaper4k 0.9.6', 0.878, 0.736, 0.817, 0.801, '6.6x'],
  ['boilerpy3 1.0.7 (article mode)', 0.818, 0.796, 0.81, 0.807, '1.6x'],
  ['goose3 3.1.22', 0.936, 0.714, 0.833, 0.81, '10.2x'],
  ['resiliparse 1.0.9', 0.705, 0.955, 0.778, 0.811, '0.3x'],
  ['baseline (text markup)', 0.767, 0.869, 0.803, 0.815, '1x'],
  ['readability-lxml 0.8.4.1', 0.898, 0.764, 0.839, 0.826, '2.6x'],
  ['news-please 1.6.16', 0.932, 0.758, 0.852, 0.836, '20.5x'],
  ['justext 3.0.2 (custom)', 0.864, 0.859, 0.862, 0.862, '2.3x'],
  ['magic-html 0.1.8', 0.887, 0.891, 0.889, 0.889, '3.5x'],
  ['trafilatura 2.2.0 (recall)', 0.899, 0.939, 0.917, 0.918, '2.1x'],
  ['trafilatura 2.2.0 (fast)', 0.907, 0.93, 0.917, 0.918, '2.2x'],
  ['trafilatura 2.2.0 (precision)', 0.925, 0.915, 0.921, 0.92, '3.2x'],
  ['trafilatura 2.2.0 (standard)', 0.906, 0.943, 0.923, 0.924, '3.2x'],
];

interface PageOutcome {
  result: PageResult;
  timedOut: boolean;
  counts: ReturnType<typeof scorePage>;
  chars: number;
}

class WorkerRunner {
  private worker!: Worker;
  private pending: { resolve: (r: PageResult) => void; reject: (e: Error) => void } | null = null;

  constructor(private readonly system: SystemName) {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { system: this.system, entry: new URL('./quality-worker.ts', import.meta.url).href },
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    this.worker.on('message', (r: PageResult) => {
      const p = this.pending;
      this.pending = null;
      p?.resolve(r);
    });
    this.worker.on('error', (e) => {
      const p = this.pending;
      this.pending = null;
      p?.reject(e);
    });
  }

  /** Resolves with the page result, or `null` when the page exceeded `timeoutMs` (worker restarted). */
  async run(req: PageRequest, timeoutMs: number): Promise<PageResult | null> {
    let timer: NodeJS.Timeout | undefined;
    const work = new Promise<PageResult>((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(req);
    });
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), timeoutMs);
    });
    try {
      const r = await Promise.race([work, timeout]);
      if (r === null) await this.restart();
      return r;
    } catch (err) {
      // The worker died (e.g. out of memory): start a fresh one and report the page as an error.
      await this.restart();
      return { index: req.index, text: null, ms: 0, bytes: 0, charset: '', notes: [], error: `worker crashed: ${String(err)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  private async restart(): Promise<void> {
    this.pending = null;
    await this.worker.terminate().catch(() => undefined);
    this.start();
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

async function runSystemOverSet(
  system: SystemName, entries: EvalEntry[], timeoutMs: number,
): Promise<{ outcomes: PageOutcome[]; wallMs: number }> {
  const runner = new WorkerRunner(system);
  const outcomes: PageOutcome[] = [];
  const t0 = performance.now();
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const r = await runner.run({ index: i, entry }, timeoutMs);
    const result: PageResult = r ?? { index: i, text: null, ms: timeoutMs, bytes: 0, charset: '', notes: [], error: 'timeout' };
    outcomes.push({ result, timedOut: r === null, counts: scorePage(entry, result.text), chars: result.text?.length ?? 0 });
    if ((i + 1) % 100 === 0 || i + 1 === entries.length) {
      process.stderr.write(`[${system}] ${i + 1}/${entries.length} pages, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    }
  }
  await runner.close();
  return { outcomes, wallMs: performance.now() - t0 };
}

const f3 = (n: number) => n.toFixed(3);
const clip = (s: string, n: number) => {
  const t = s.replace(/\s+/gu, ' ').trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
};

type SystemRun = { system: SystemName } & Awaited<ReturnType<typeof runSystemOverSet>>;

export async function runExtractQuality(argv: string[]): Promise<void> {
  const { flags } = parseArgs(argv);
  const dir = datasetDir();
  let entries = loadEntries(dir);
  const limit = flags.has('limit') ? Number(flags.get('limit')) : entries.length;
  entries = entries.slice(0, limit);
  const only = flags.get('only');
  if (only && !SYSTEMS.includes(only as SystemName)) {
    console.error(`--only must be one of: ${SYSTEMS.join(', ')}`);
    process.exit(2);
  }
  const systems = only ? [only as SystemName] : SYSTEMS;
  const timeoutMs = Number(flags.get('timeout') ?? 60) * 1000;
  const worstN = Number(flags.get('worst') ?? 10);

  const withCount = entries.reduce((n, e) => n + e.with.length, 0);
  const withoutCount = entries.reduce((n, e) => n + e.without.length, 0);
  console.log(`# extract-quality: trafilatura evaluation set`);
  console.log(`dataset: ${dir}`);
  console.log(`pages: ${entries.length}, "with" snippets: ${withCount}, "without" snippets: ${withoutCount}`);
  console.log(`systems: ${systems.join(', ')} (one worker thread each, run in parallel), per-page timeout ${timeoutMs / 1000} s`);
  console.log(`ours = extract(html, url).lead + body (lead only when not already in body); readability = Readability(JSDOM).parse().textContent`);
  console.log('');

  const runs: SystemRun[] = await Promise.all(systems.map(async (s) => ({ system: s, ...(await runSystemOverSet(s, entries, timeoutMs)) })));
  printMeasured(runs);
  const ours = runs.find((r) => r.system === 'ours');
  const rd = runs.find((r) => r.system === 'readability');
  if (ours && worstN > 0) printWorstPages(ours, rd, entries, worstN);
  printMetadataTable();
}

/** A page whose metadata a person wrote down: the extractor's test fixtures with an expected file. */
interface LabelledPage {
  name: string;
  html: string;
  url: string;
  title: string;
  authors: string[];
  publishedAt: string | null;
  language: string | null;
}

function labelledPages(): LabelledPage[] {
  const dir = resolve(REPO_ROOT, 'packages/extract/test/fixtures');
  const pages: LabelledPage[] = [];
  const add = (name: string, htmlFile: string, expectedFile: string) => {
    if (!existsSync(htmlFile) || !existsSync(expectedFile)) return;
    const e = JSON.parse(readFileSync(expectedFile, 'utf8')) as Partial<LabelledPage>;
    if (typeof e.title !== 'string') return;
    pages.push({ name, html: readFileSync(htmlFile, 'utf8'), url: e.url ?? DEFAULT_URL, title: e.title, authors: e.authors ?? [], publishedAt: e.publishedAt ?? null, language: e.language ?? null });
  };
  for (const f of ['seed-laodong.html', 'seed-vnexpress.html']) add(f, resolve(dir, f), resolve(dir, 'seed.expected.json'));
  const articles = resolve(dir, 'articles');
  for (const f of existsSync(articles) ? readdirSync(articles).filter((x) => x.endsWith('.html')).sort() : []) {
    add(`articles/${f}`, resolve(articles, f), resolve(articles, f.replace(/\.html$/, '.expected.json')));
  }
  return pages;
}

const folded = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();

/**
 * Title, authors, publication date and language against every page with written-down metadata,
 * beside Readability.js (which gives a title and a byline string: its byline counts when it names
 * exactly the expected people, in any order, and nothing else but separators and "By").
 */
function printMetadataTable(): void {
  const pages = labelledPages();
  if (pages.length === 0) return;
  const ours = { title: 0, authors: 0, publishedAt: 0, language: 0 };
  const rdb = { title: 0, authors: 0 };
  for (const p of pages) {
    const a = extract(p.html, p.url);
    if (folded(a.title) === folded(p.title)) ours.title++;
    if (a.authors.length === p.authors.length && a.authors.every((n, i) => folded(n) === folded(p.authors[i]!))) ours.authors++;
    if (a.publishedAt === p.publishedAt) ours.publishedAt++;
    if (a.language === p.language) ours.language++;
    const dom = makeDom(p.html, p.url);
    try {
      const r = new Readability(dom.window.document).parse();
      if (r?.title && folded(r.title) === folded(p.title)) rdb.title++;
      const rest = p.authors.reduce((b, n) => b.replace(folded(n), ' '), folded(r?.byline ?? ''));
      if (p.authors.length && p.authors.every((n) => folded(r?.byline ?? '').includes(folded(n))) && !/\p{L}{2,}/u.test(rest.replace(/\b(?:by|and|và|bởi)\b/gu, ''))) rdb.authors++;
    } finally {
      dom.window.close();
    }
  }
  const n = pages.length;
  const pct = (k: number) => `${k}/${n}`;
  console.log(`## Metadata on the ${n} pages with written-down metadata (packages/extract/test/fixtures: seed + articles)`);
  console.log(table(['System', 'title', 'authors', 'publishedAt', 'language'], [
    ['ours (@ingest/extract)', pct(ours.title), pct(ours.authors), pct(ours.publishedAt), pct(ours.language)],
    ['Readability.js 0.6.0 + jsdom 26', pct(rdb.title), pct(rdb.authors), '-', '-'],
  ]));
  console.log('title: equal after whitespace/case folding; authors: the same names in order (Readability: its byline names exactly them); publishedAt: the same ISO string with offset.');
  console.log('');
  mergeResult('extract-metadata', { measuredAt: new Date().toISOString(), pages: n, ours, readability: rdb });
}

/** This run's figures per system, beside the published ones. */
function printMeasured(runs: SystemRun[]): void {
  const rows: (string | number)[][] = [];
  const figures: Record<string, unknown> = {};
  for (const run of runs) {
    const total: Counts = zeroCounts();
    let ms = 0;
    let errors = 0;
    let timeouts = 0;
    let empty = 0;
    for (const o of run.outcomes) {
      addCounts(total, o.counts);
      ms += o.result.ms;
      if (o.timedOut) timeouts++;
      else if (o.result.error) errors++;
      else if (!o.result.text || !o.result.text.trim()) empty++;
    }
    const m = metrics(total);
    figures[run.system] = { precision: +f3(m.precision), recall: +f3(m.recall), accuracy: +f3(m.accuracy), f1: +f3(m.f1), pages: run.outcomes.length, errors, timeouts, empty, ...total };
    rows.push([
      run.system === 'ours' ? 'ours (@ingest/extract)' : 'Readability.js 0.6.0 + jsdom 26',
      f3(m.precision), f3(m.recall), f3(m.accuracy), f3(m.f1),
      (run.outcomes.length / (ms / 1000)).toFixed(1), errors, timeouts, empty,
      total.tp, total.fn, total.fp, total.tn,
    ]);
  }
  console.log('## Measured in this run');
  console.log(table(
    ['System', 'Precision', 'Recall', 'Accuracy', 'F-Score', 'pages/s', 'errors', 'timeouts', 'empty', 'TP', 'FN', 'FP', 'TN'],
    rows,
  ));
  console.log('pages/s = pages / summed extraction time (decoding excluded; both systems share the 2 cores).');
  mergeResult('extract-quality', { measuredAt: new Date().toISOString(), systems: figures });
  console.log('errors/timeouts/empty pages are scored as empty output (all "with" FN, all "without" TN).');
  console.log('');
  console.log('## Published figures (trafilatura docs/evaluation.rst, 2026-08-04; NOT measured here, Python 3.13)');
  console.log(table(['System', 'Precision', 'Recall', 'Accuracy', 'F-Score', 'Time vs baseline'],
    PUBLISHED.map(([n, p, r, a, f, t]) => [n, f3(p), f3(r), f3(a), f3(f), t])));
  console.log('');
}

/** Our worst pages by recall and by precision, with Readability's counts on the same page. */
function printWorstPages(ours: SystemRun, rd: SystemRun | undefined, entries: ReturnType<typeof loadEntries>, worstN: number): void {
  const rdCounts = (i: number) => {
    const c = rd?.outcomes[i]?.counts;
    return c ? `${c.tp}/${c.fn}/${c.fp}` : '-';
  };
  const idx = ours.outcomes.map((_, i) => i);
  const describe = (i: number, which: 'missed' | 'leaked') => {
    const o = ours.outcomes[i]!;
    const e = entries[i]!;
    const snippet = o.counts[which][0] ?? '';
    const status = o.timedOut ? 'timeout' : o.result.error ? `error: ${clip(o.result.error, 30)}` : o.chars === 0 ? 'empty' : '';
    return [clip(e.file, 48), `${o.counts.tp}/${o.counts.fn}/${o.counts.fp}`, rdCounts(i), o.chars, status || clip(o.result.notes.filter((w) => !/date|time/iu.test(w)).join('; '), 40), clip(snippet, 60)];
  };
  const byRecall = idx
    .filter((i) => ours.outcomes[i]!.counts.fn > 0)
    .sort((a, b) => {
      const ca = ours.outcomes[a]!.counts;
      const cb = ours.outcomes[b]!.counts;
      return cb.fn - ca.fn || ca.tp / (ca.tp + ca.fn) - cb.tp / (cb.tp + cb.fn) || a - b;
    })
    .slice(0, worstN);
  const byPrecision = idx
    .filter((i) => ours.outcomes[i]!.counts.fp > 0)
    .sort((a, b) => {
      const ca = ours.outcomes[a]!.counts;
      const cb = ours.outcomes[b]!.counts;
      return cb.fp - ca.fp || ca.tp - cb.tp || a - b;
    })
    .slice(0, worstN);
  const headers = ['file', 'ours TP/FN/FP', 'rdb TP/FN/FP', 'our chars', 'status / non-date warnings', 'first snippet'];
  console.log(`## Our worst ${worstN} pages by recall (most "with" snippets missed); snippet = first missed`);
  console.log(table(headers, byRecall.map((i) => describe(i, 'missed'))));
  console.log('');
  console.log(`## Our worst ${worstN} pages by precision (most "without" snippets leaked); snippet = first leaked`);
  console.log(table(headers, byPrecision.map((i) => describe(i, 'leaked'))));
  console.log('');
  printPageTotals(ours, rd, idx);
}

function printPageTotals(ours: SystemRun, rd: SystemRun | undefined, idx: number[]): void {
  const totalMissed = ours.outcomes.filter((o) => o.counts.fn > 0).length;
  const totalEmpty = ours.outcomes.filter((o) => o.chars === 0).length;
  const allMissed = ours.outcomes.filter((o) => o.counts.tp === 0 && o.counts.fn > 0).length;
  const leaky = ours.outcomes.filter((o) => o.counts.fp > 0).length;
  console.log(`ours: ${totalMissed} pages miss at least one "with" snippet (${allMissed} miss all of them, ${totalEmpty} with empty text); ${leaky} pages leak at least one "without" snippet.`);
  if (!rd) return;
  let better = 0;
  let worse = 0;
  for (const i of idx) {
    const a = ours.outcomes[i]!.counts;
    const b = rd.outcomes[i]!.counts;
    const sa = a.tp + a.tn;
    const sb = b.tp + b.tn;
    if (sa > sb) better++;
    else if (sa < sb) worse++;
  }
  console.log(`per page (correct snippets TP+TN): ours better than Readability on ${better} pages, worse on ${worse}, tied on ${idx.length - better - worse}.`);
}
