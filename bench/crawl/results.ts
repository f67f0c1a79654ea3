/** Medians, the machine, options and tables of the crawl benches. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from './processes';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function versionOf(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim().split('\n')[0]!;
  } catch {
    return 'n/a';
  }
}

/** The version installed at the root, else in the workspace package that depends on it (bullmq: @ingest/queue). */
function packageVersion(name: string): string {
  for (const dir of ['', 'packages/queue', 'packages/crawl']) {
    try {
      return (JSON.parse(readFileSync(join(ROOT, dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      /* not there: the next place */
    }
  }
  return 'n/a';
}

export function machine(): Record<string, unknown> {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'n/a',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    redis: versionOf('redis-server', ['--version']).replace(/^Redis server v=(\S+).*/, '$1'),
    bullmq: packageVersion('bullmq'),
    crawlee: packageVersion('crawlee'),
    cheerio: packageVersion('cheerio'),
    undici: packageVersion('undici'),
    shared: 'machine shared with other agents at the time: figures are noisy',
  };
}

export function option(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

export function markdownTable(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((h, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}
