import type { Command } from 'commander';
import { loadConfig } from '@ingest/config';
import { createRedisConnection, PipelineStatusReader, type PipelineStatus } from '@ingest/queue';

interface StatusOptions {
  json?: boolean;
  watch?: boolean;
  interval: string;
  untilIdle?: boolean;
}

/** `ingest status [--json] [--watch [--interval S] [--until-idle]]`: queue depths, last-minute rates, failures, next scheduled crawls. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('queue depths, jobs finished in the last minute, failed counts and the next scheduled crawls')
    .option('--json', 'one JSON object (with --watch: one JSON line per refresh)')
    .option('--watch', 'refresh until Ctrl-C, with the progress of each stage since the watch began')
    .option('--interval <seconds>', 'seconds between refreshes with --watch', '2')
    .option('--until-idle', 'with --watch: exit once no queue has work left')
    .action(async (opts: StatusOptions) => {
      const config = loadConfig();
      const connection = createRedisConnection(config.redisUrl, { maxRetriesPerRequest: 3 });
      const reader = new PipelineStatusReader({ connection, prefix: config.queuePrefix });
      try {
        if (!opts.watch) {
          const status = await reader.read();
          process.stdout.write(opts.json ? JSON.stringify(status) + '\n' : renderStatus(status));
          return;
        }
        await watch(reader, opts);
      } finally {
        await reader.close();
        connection.disconnect();
      }
    });
}

async function watch(reader: PipelineStatusReader, opts: StatusOptions): Promise<void> {
  const since = Date.now();
  const intervalMs = Math.max(0.2, Number(opts.interval) || 2) * 1000;
  const tty = Boolean(process.stdout.isTTY) && !opts.json;
  let stopped = false;
  const onSigint = () => (stopped = true);
  process.once('SIGINT', onSigint);
  try {
    for (;;) {
      const status = await reader.read({ since });
      if (opts.json) process.stdout.write(JSON.stringify(status) + '\n');
      else process.stdout.write((tty ? '\x1b[H\x1b[2J' : '\n') + renderStatus(status, since));
      const idle = status.queues.every((q) => q.pending === 0);
      if (stopped || (opts.untilIdle && idle)) return;
      await new Promise((r) => setTimeout(r, intervalMs));
      if (stopped) return;
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}

const pad = (v: string | number, n: number) => String(v).padStart(n);

function bar(done: number, total: number, width = 20): string {
  const ratio = total === 0 ? 1 : done / total;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pad(Math.round(ratio * 100), 3)}%`;
}

function inWords(ms: number): string {
  if (ms <= 0) return 'due';
  const s = Math.round(ms / 1000);
  if (s < 60) return `in ${s}s`;
  if (s < 3600) return `in ${Math.floor(s / 60)}m ${s % 60}s`;
  return `in ${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

/** The human view: one row per queue, then the next scheduled runs; with `since`, a progress bar per stage. */
export function renderStatus(status: PipelineStatus, since?: number): string {
  const lines: string[] = [];
  lines.push(`${status.at}${since ? `  (watching for ${Math.round((Date.parse(status.at) - since) / 1000)}s)` : ''}`);
  lines.push(`${'queue'.padEnd(10)}${pad('waiting', 9)}${pad('active', 8)}${pad('delayed', 9)}${pad('failed', 8)}${pad('completed', 11)}${pad('done/min', 10)}${pad('failed/min', 12)}${since ? '  progress since watch began' : ''}`);
  for (const q of status.queues) {
    const c = q.counts;
    let row = `${q.queue.padEnd(10)}${pad(c.waiting + c.prioritized, 9)}${pad(c.active, 8)}${pad(c.delayed, 9)}${pad(c.failed, 8)}${pad(c.completed, 11)}${pad(q.recent.completed, 10)}${pad(q.recent.failed, 12)}`;
    if (q.sinceStart) {
      const done = q.sinceStart.completed + q.sinceStart.failed;
      row += `  ${bar(done, done + q.pending)} ${done}/${done + q.pending}`;
    }
    lines.push(row);
  }
  lines.push('');
  if (!status.scheduled.length) lines.push('no scheduled crawls');
  else {
    lines.push('next scheduled crawls');
    const now = Date.parse(status.at);
    for (const s of status.scheduled) {
      const when = s.next ? `${s.next}  ${inWords(Date.parse(s.next) - now)}` : 'ended';
      const how = s.pattern ? `cron ${s.pattern}` : s.every ? `every ${Math.round(s.every / 1000)}s` : '';
      lines.push(`  ${when}  ${s.queue}  ${s.id}${how ? `  (${how})` : ''}`);
    }
  }
  return lines.join('\n') + '\n';
}
