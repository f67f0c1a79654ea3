import type { Command } from 'commander';
import { loadConfig } from '@ingest/config';
import { createSearchClient, indexNames, searchArticles, searchTasks } from '@ingest/search';

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('full-text search over indexed articles (or, with --tasks, over their numbered tasks)')
    .argument('<query>', 'words to look for; "quotes" for phrases, -word to exclude')
    .option('--tasks', 'search tasks instead of articles')
    .option('--size <n>', 'results to show', '10')
    .option('--json', 'print the raw result as JSON')
    .action(async (query: string, opts: { tasks?: boolean; size: string; json?: boolean }) => {
      const config = loadConfig();
      const es = createSearchClient(config.elasticsearchUrl);
      const names = indexNames(config.indexPrefix);
      try {
        if (opts.tasks) {
          const res = await searchTasks(es, names, { q: query, size: Number(opts.size) });
          if (opts.json) return void process.stdout.write(JSON.stringify(res) + '\n');
          process.stdout.write(`${res.total} matching task(s)\n`);
          for (const t of res.hits) {
            process.stdout.write(`\n#${t.ordinal} ${t.marker ? `[${t.marker}] ` : ''}${clip(t.text, 220)}\n   in: ${t.articleTitle} (${t.publishedAt ?? 'undated'})\n   ${t.url}\n`);
          }
          return;
        }
        const res = await searchArticles(es, names, { q: query, size: Number(opts.size) });
        if (opts.json) return void process.stdout.write(JSON.stringify(res) + '\n');
        process.stdout.write(`${res.total} matching article(s)\n`);
        for (const a of res.hits) {
          process.stdout.write(`\n${a.title}\n  ${a.authors.join(', ') || 'unknown author'} | ${a.publishedAt ?? 'undated'} | ${a.source}\n  ${a.url}\n`);
          if (a.tasks.length) {
            process.stdout.write(`  ${a.tasks.length} task(s)${a.announcedTaskCount ? ` (announced: ${a.announcedTaskCount})` : ''}:\n`);
            for (const t of a.tasks) process.stdout.write(`    ${t.ordinal}. ${t.marker ? `[${t.marker}] ` : ''}${clip(t.text, 140)}\n`);
          }
        }
      } finally {
        await es.close();
      }
    });
}

function clip(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > n ? flat.slice(0, n - 1) + '…' : flat;
}
