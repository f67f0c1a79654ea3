import type { Command } from 'commander';
import { loadConfig } from '@ingest/config';
import { createRedisConnection, DeadLetters } from '@ingest/queue';

/** `ingest failed list|show|retry|drop`: the jobs parked after their last attempt. */
export function registerFailed(program: Command): void {
  const failed = program.command('failed').description('see and replay jobs that were parked after their last attempt');
  registerList(failed);
  registerShow(failed);
  registerRetryOrDrop(failed, 'retry', 'put back in its queue with fresh attempts');
  registerRetryOrDrop(failed, 'drop', 'delete for good');
}

function registerList(failed: Command): void {
  failed
    .command('list')
    .option('--queue <name>', 'only this queue (fetch, parse, index)')
    .option('--limit <n>', 'per queue', '100')
    .option('--json', 'one JSON line per job')
    .action((opts: { queue?: string; limit: string; json?: boolean }) =>
      withDeadLetters(async (dl) => {
        const items = await dl.list({ ...(opts.queue ? { queue: opts.queue } : {}), limit: Number(opts.limit) });
        if (opts.json) return items.forEach((i) => process.stdout.write(JSON.stringify(i) + '\n'));
        process.stdout.write(`${items.length} parked job(s)\n`);
        for (const i of items) process.stdout.write(`${i.queue}/${i.id}  ${i.failedAt ?? ''}  ${i.url}\n    ${i.reason}\n`);
      }),
    );
}

function registerShow(failed: Command): void {
  failed
    .command('show')
    .argument('<queue>')
    .argument('<id>')
    .action((queue: string, id: string) =>
      withDeadLetters(async (dl) => {
        const item = await dl.show(queue, id);
        if (!item) {
          process.stderr.write(`no parked job ${queue}/${id}\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(JSON.stringify(item, null, 2) + '\n');
      }),
    );
}

function registerRetryOrDrop(failed: Command, name: 'retry' | 'drop', description: string): void {
  failed
    .command(name)
    .description(description)
    .argument('<queue>')
    .argument('<id>')
    .action((queue: string, id: string) =>
      withDeadLetters(async (dl) => {
        const ok = await (name === 'retry' ? dl.retry(queue, id) : dl.drop(queue, id));
        process.stdout.write(ok ? `${name === 'retry' ? 'retried' : 'dropped'} ${queue}/${id}\n` : `no parked job ${queue}/${id}\n`);
        if (!ok) process.exitCode = 1;
      }),
    );
}

/** Runs a subcommand against the parked jobs, then closes the connection. */
async function withDeadLetters(fn: (dl: DeadLetters) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const connection = createRedisConnection(config.redisUrl, { maxRetriesPerRequest: 3 });
  const dl = new DeadLetters({ connection, prefix: config.queuePrefix });
  try {
    await fn(dl);
  } finally {
    await dl.close();
    connection.disconnect();
  }
}
