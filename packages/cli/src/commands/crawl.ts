import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { loadConfig } from '@ingest/config';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, followVisit, openQueue } from '@ingest/queue';

export function registerCrawl(program: Command): void {
  program
    .command('crawl')
    .description('enqueue URLs for fetching and wait until each is indexed (or refused, with its reason)')
    .argument('<url...>', 'page URLs')
    .option('--source <id>', 'source id to record on the documents')
    .option('--no-wait', 'enqueue and return at once')
    .option('--timeout <seconds>', 'how long to wait for each page', '120')
    .option('--json', 'print one JSON line per URL')
    .action(async (urls: string[], opts: { source?: string; wait: boolean; timeout: string; json?: boolean }) => {
      const config = loadConfig();
      const connection = createRedisConnection(config.redisUrl);
      const settings = { connection, prefix: config.queuePrefix };
      const fetchQueue = openQueue(QueueName.fetch, settings);
      let failures = 0;
      try {
        const visits = [];
        for (const url of urls) {
          const visitId = randomUUID();
          await fetchQueue.add('fetch', { url, visitId, requestedAt: Date.now(), ...(opts.source ? { sourceId: opts.source } : {}) }, { jobId: visitId });
          visits.push({ url, visitId });
        }
        if (!opts.wait) {
          for (const v of visits) print(opts.json, { url: v.url, visitId: v.visitId, status: 'queued' }, `queued  ${v.url}  (visit ${v.visitId})`);
          return;
        }
        const outcomes = await Promise.all(visits.map((v) => followVisit(settings, v.visitId, Number(opts.timeout) * 1000).then((o) => ({ ...v, ...o }))));
        for (const o of outcomes) {
          if (o.status !== 'indexed') failures++;
          const line =
            o.status === 'indexed'
              ? `indexed ${o.url}  -> ${o.index}/${o.articleId} (${o.result})`
              : `${o.status.padEnd(7)} ${o.url}  at ${o.stage}: ${o.reason}`;
          print(opts.json, o, line);
        }
      } finally {
        await fetchQueue.close();
        connection.disconnect();
      }
      if (failures) process.exitCode = 1;
    });
}

function print(json: boolean | undefined, obj: unknown, text: string): void {
  process.stdout.write((json ? JSON.stringify(obj) : text) + '\n');
}
