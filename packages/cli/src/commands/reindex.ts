import type { Command } from 'commander';
import { loadConfig } from '@ingest/config';
import { createSearchClient, reindex } from '@ingest/search';

export function registerReindex(program: Command): void {
  program
    .command('reindex')
    .description('rebuild the article and task indices with the current mappings and swap the aliases (no downtime; writers keep writing); resumes an interrupted run')
    .option('--page-size <n>', 'documents per copy request', '1000')
    .option('--keep-old', 'keep the previous index (write-blocked) instead of deleting it')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { pageSize: string; keepOld?: boolean; json?: boolean }) => {
      const config = loadConfig();
      const es = createSearchClient(config.elasticsearchUrl);
      try {
        const reports = await reindex(es, config.indexPrefix, {
          pageSize: Number(opts.pageSize),
          keepOld: Boolean(opts.keepOld),
          onProgress: (p) => {
            if (process.stderr.isTTY) process.stderr.write(`\r  ${p.alias}: ${p.copied} copied, ${p.newerKept} newer kept`);
          },
        });
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (opts.json) return void process.stdout.write(JSON.stringify(reports) + '\n');
        for (const r of reports) {
          process.stdout.write(
            `${r.alias}: ${r.from} → ${r.to}${r.resumed ? ' (resumed)' : ''}, ${r.copied} copied, ${r.newerKept} already newer, ${(r.ms / 1000).toFixed(1)} s; ${opts.keepOld ? `${r.from} kept (write-blocked)` : `${r.from} deleted`}\n`,
          );
        }
      } finally {
        await es.close();
      }
    });
}
