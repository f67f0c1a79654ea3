/** Shared helpers for the benchmarks: locating and loading the trafilatura evaluation set, and its scoring. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeBody } from '@ingest/crawl';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_URL = 'http://localhost/';

export interface EvalEntry {
  file: string;
  url: string | null;
  with: string[];
  without: string[];
}

/** `EVAL_DATASET_DIR`, else `../shared/datasets/trafilatura-eval` next to the repo. Exits 2 when missing. */
export function datasetDir(): string {
  const dir = process.env['EVAL_DATASET_DIR']
    ? resolve(process.env['EVAL_DATASET_DIR'])
    : resolve(REPO_ROOT, '../shared/datasets/trafilatura-eval');
  if (!existsSync(resolve(dir, 'eval.json')) || !existsSync(resolve(dir, 'html'))) {
    console.error(`Evaluation dataset not found at ${dir} (expected eval.json and html/).`);
    console.error('Set EVAL_DATASET_DIR to the directory of the trafilatura evaluation set.');
    process.exit(2);
  }
  return dir;
}

export function loadEntries(dir: string): EvalEntry[] {
  return JSON.parse(readFileSync(resolve(dir, 'eval.json'), 'utf8')) as EvalEntry[];
}

export interface LoadedPage {
  html: string;
  bytes: number;
  charset: string;
}

/** Raw bytes → text, charset sniffed the way the crawler does it (no Content-Type header here). */
export function loadPage(dir: string, entry: EvalEntry): LoadedPage {
  const bytes = gunzipSync(readFileSync(resolve(dir, 'html', `${entry.file}.gz`)));
  const { text, charset } = decodeBody(bytes, null);
  return { html: text, bytes: bytes.byteLength, charset };
}

/** Every run of whitespace → one space, ends trimmed (step 2 of the README's scoring). */
export function normalizeWs(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

export interface Counts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

export const zeroCounts = (): Counts => ({ tp: 0, fn: 0, fp: 0, tn: 0 });

/** Per-page counts. `text` null/empty = failed or empty output: all `with` are FN, all `without` are TN. */
export function scorePage(entry: EvalEntry, text: string | null): Counts & { missed: string[]; leaked: string[] } {
  const out = text ? normalizeWs(text) : '';
  const c = { ...zeroCounts(), missed: [] as string[], leaked: [] as string[] };
  for (const s of entry.with) {
    if (out && out.includes(normalizeWs(s))) c.tp++;
    else {
      c.fn++;
      c.missed.push(s);
    }
  }
  for (const s of entry.without) {
    if (out && out.includes(normalizeWs(s))) {
      c.fp++;
      c.leaked.push(s);
    } else c.tn++;
  }
  return c;
}

export function addCounts(a: Counts, b: Counts): void {
  a.tp += b.tp;
  a.fn += b.fn;
  a.fp += b.fp;
  a.tn += b.tn;
}

export interface Metrics {
  precision: number;
  recall: number;
  accuracy: number;
  f1: number;
}

const ratio = (n: number, d: number): number => (d === 0 ? 0 : n / d);

export function metrics(c: Counts): Metrics {
  return {
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    accuracy: ratio(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
  };
}

/** Deterministic sample of `n` entries, evenly spread over the list sorted by file name. */
export function sampleEntries(entries: EvalEntry[], n: number): EvalEntry[] {
  const sorted = [...entries].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (n >= sorted.length) return sorted;
  const out: EvalEntry[] = [];
  for (let i = 0; i < n; i++) out.push(sorted[Math.floor((i * sorted.length) / n)]!);
  return out;
}

/** Fixed-width text table. Columns whose header starts with a space are right-aligned... simpler: numbers right-aligned. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const isNum = headers.map((_, i) => cells.length > 0 && cells.every((r) => /^[-+]?[\d.,]+[x%]?$|^-$/u.test(r[i] ?? '')));
  const fmt = (r: string[]) =>
    r.map((c, i) => (isNum[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ').trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(fmt)].join('\n');
}

export function parseArgs(argv: string[]): { flags: Map<string, string>; rest: string[] } {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) flags.set(a.slice(2), argv[++i]!);
      else flags.set(a.slice(2), 'true');
    } else rest.push(a);
  }
  return { flags, rest };
}
