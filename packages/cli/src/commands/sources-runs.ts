import type { Command } from 'commander';
import { total, type RunRecord, type SourceRegistry } from '@ingest/sources';

type WithRegistry = (fn: (r: SourceRegistry) => Promise<void>) => Promise<void>;

const byReason = (counts: Record<string, number>) => Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || '0';
const time = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-');

/** One line about a run, for `sources list`. */
export function describeLastRun(run: RunRecord | null): string {
  if (!run) return 'none yet';
  return `${run.status} ${time(run.startedAt)} (${run.trigger}): ${run.enqueued} enqueued, ${run.indexed} indexed (${run.newArticles} new), ${total(run.skipped)} skipped, ${total(run.failed)} failed`;
}

/** Runs as a table, newest first: one row each, failures by reason at the end of the row. */
export function runsTable(runs: readonly RunRecord[]): string {
  if (!runs.length) return 'no runs yet';
  const header = ['started', 'trigger', 'status', 'found', 'enqueued', 'skipped', 'fetched', 'parsed', 'indexed', 'new', 'failed', 'newest article'];
  const rows = runs.map((r) => [
    time(r.startedAt),
    r.trigger,
    r.status,
    String(r.discovered),
    String(r.enqueued),
    String(total(r.skipped)),
    String(r.fetched),
    String(r.parsed),
    String(r.indexed),
    String(r.newArticles),
    byReason({ ...r.failed, ...Object.fromEntries(Object.entries(r.refused).map(([k, v]) => [`${k} (refused)`, v])) }),
    time(r.newestPublishedAt),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** `ingest sources runs <id> [--watch] [--interval S] [--limit N] [--json]`. */
export function registerRuns(sources: Command, withRegistry: WithRegistry): void {
  sources
    .command('runs')
    .description('the last runs of a source, newest first; --watch redraws until its newest run has finished')
    .argument('<id>')
    .option('--watch', 'redraw until the newest run is no longer running')
    .option('--interval <seconds>', 'seconds between redraws', '1')
    .option('--limit <n>', 'runs shown', '10')
    .option('--json', 'one JSON line per run')
    .action((id: string, o: { watch?: boolean; interval: string; limit: string; json?: boolean }) =>
      withRegistry(async (registry) => {
        if (!(await registry.store.get(id))) {
          process.stderr.write(`no such source: ${id}\n`);
          process.exitCode = 1;
          return;
        }
        const limit = Math.max(1, Number(o.limit) || 10);
        let shown = '';
        // A redraw only when something changed, so a watch into a file or pipe stays short.
        const show = async () => {
          const runs = await registry.runs.list(id, limit);
          const text = o.json ? runs.map((r) => JSON.stringify(r) + '\n').join('') : `${runsTable(runs)}\n`;
          if (text !== shown) process.stdout.write(`${o.watch && process.stdout.isTTY ? '\x1b[2J\x1b[H' : ''}${text}`);
          shown = text;
          return runs;
        };
        let runs = await show();
        while (o.watch && runs[0]?.status === 'running') {
          await new Promise((r) => setTimeout(r, Math.max(0.2, Number(o.interval) || 1) * 1000));
          runs = await show();
        }
      }),
    );
}
