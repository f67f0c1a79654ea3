/** The shared bench/results.json: each bench sets its own key and keeps every other bench's. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from './dataset';

const RESULTS = resolve(REPO_ROOT, 'bench/results.json');

/** Sets `key` in bench/results.json, keeping every other key as it is on disk now. */
export function mergeResult(key: string, value: unknown): void {
  const previous = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(RESULTS, `${JSON.stringify({ ...previous, [key]: value }, null, 2)}\n`);
  console.log(`written to bench/results.json (${key})`);
}
