/** Runs one extractor in a worker thread so a page that hangs can be cut off by the parent. */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { datasetDir, loadPage, type EvalEntry } from './dataset';
import { runSystem, safeUrl, type SystemName } from './systems';

export interface PageRequest {
  index: number;
  entry: EvalEntry;
}

export interface PageResult {
  index: number;
  text: string | null;
  ms: number;
  bytes: number;
  charset: string;
  notes: string[];
  error: string | null;
}

const system = (workerData as { system: SystemName }).system;
const dir = datasetDir();

parentPort!.on('message', (req: PageRequest) => {
  let bytes = 0;
  let charset = '';
  let t0 = performance.now();
  try {
    const page = loadPage(dir, req.entry);
    bytes = page.bytes;
    charset = page.charset;
    t0 = performance.now();
    const out = runSystem(system, page.html, safeUrl(req.entry.url, 'http://localhost/'));
    const ms = performance.now() - t0;
    parentPort!.postMessage({ index: req.index, text: out.text, ms, bytes, charset, notes: out.notes, error: null } satisfies PageResult);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const ms = performance.now() - t0;
    parentPort!.postMessage({ index: req.index, text: null, ms, bytes, charset, notes: [], error: message } satisfies PageResult);
  }
});
