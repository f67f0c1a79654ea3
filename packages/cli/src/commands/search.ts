import { Command, Option } from 'commander';
import { loadConfig } from '@ingest/config';
import { BadSearchRequest, createSearchClient, indexNames, searchArticles, searchTasks, type ArticleHit, type SearchFilters, type SearchPage, type TaskHit } from '@ingest/search';

interface SearchOpts {
  tasks?: boolean;
  source: string[];
  language: string[];
  author?: string;
  since?: string;
  until?: string;
  sort: 'relevance' | 'date';
  hasTasks?: boolean;
  size: string;
  after?: string;
  duplicates?: boolean;
  story?: string;
  json?: boolean;
}

const collect = (v: string, prev: string[]) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('full-text search over indexed articles (or, with --tasks, over their numbered tasks); diacritics optional')
    .argument('[query]', 'words to look for; "quotes" for phrases, -word to exclude, a | b for either; empty = everything', '')
    .option('--tasks', 'search tasks instead of articles')
    .option('--source <id>', 'only this source (repeatable, or comma-separated)', collect, [])
    .option('--language <code>', 'only this language, e.g. vi or en (repeatable)', collect, [])
    .option('--author <name>', 'only articles by this author (diacritics optional)')
    .option('--since <date>', 'published on or after (2024-01-31 or a date-time)')
    .option('--until <date>', 'published on or before (a bare date includes that day)')
    .addOption(new Option('--sort <order>', 'result order').choices(['relevance', 'date']).default('relevance'))
    .option('--has-tasks', 'only articles that enumerate numbered tasks')
    .option('--size <n>', 'results to show (1-100)', '10')
    .option('--after <cursor>', 'the next page: the cursor printed after the previous one')
    .option('--duplicates', 'show every version of a story (near copies: syndicated, re-published) instead of one hit per story')
    .option('--story <id>', 'only the versions of this story (its storyId; implies --duplicates)')
    .option('--json', 'print the raw result as JSON')
    .action(runSearch);
}

async function runSearch(query: string, opts: SearchOpts): Promise<void> {
  const config = loadConfig();
  const es = createSearchClient(config.elasticsearchUrl);
  const names = indexNames(config.indexPrefix);
  const filters = filtersOf(opts);
  const page = { q: query, size: Number(opts.size), sort: opts.sort, ...(opts.after ? { after: opts.after } : {}) };
  try {
    if (opts.tasks) printTasks(await searchTasks(es, names, { ...page, ...filters }), opts.json);
    else printArticles(await searchArticles(es, names, { ...page, ...filters, ...articleOnly(opts) }), opts.json);
  } catch (err) {
    if (err instanceof BadSearchRequest) {
      process.stderr.write(`ingest search: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  } finally {
    await es.close();
  }
}

function articleOnly(opts: SearchOpts) {
  return { ...(opts.hasTasks ? { hasTasks: true } : {}), ...(opts.story ? { story: opts.story } : {}), duplicates: Boolean(opts.duplicates || opts.story) };
}

function filtersOf(opts: SearchOpts): SearchFilters {
  return {
    ...(opts.source.length ? { source: opts.source } : {}),
    ...(opts.language.length ? { language: opts.language } : {}),
    ...(opts.author ? { author: opts.author } : {}),
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.until ? { until: opts.until } : {}),
  };
}

function printTasks(res: SearchPage<TaskHit>, json: boolean | undefined): void {
  if (json) return void out(JSON.stringify(res) + '\n');
  out(`${res.total} matching task(s)\n`);
  for (const t of res.hits) {
    out(`\n#${t.ordinal} ${t.marker ? `[${t.marker}] ` : ''}${clip(t.text, 220)}\n   in: ${t.articleTitle} (${t.publishedAt ?? 'undated'})\n   ${t.url}\n`);
  }
  if (res.next) out(`\nmore: --after ${res.next}\n`);
}

function printArticles(res: SearchPage<ArticleHit>, json: boolean | undefined): void {
  if (json) return void out(JSON.stringify(res) + '\n');
  // Collapsed (the default), the total counts stories: near copies count once.
  const copies = res.hits.some((a) => a.otherVersions) ? ' (near copies shown once: --duplicates for all)' : '';
  out(`${res.total} matching article(s)${copies}${facetLine(res.facets?.sources)}\n`);
  for (const a of res.hits) {
    out(`\n${terminal(a.highlights.title?.[0]) ?? a.title}\n  ${a.authors.join(', ') || 'unknown author'} | ${a.publishedAt ?? 'undated'} | ${a.source}\n  ${a.url}\n`);
    if (a.otherVersions) out(`  ${a.otherVersions} other version(s): ${a.versions!.map((v) => v.source).join(', ')}${a.otherVersions > a.versions!.length ? ', …' : ''} (--story ${a.storyId})\n`);
    const fragment = a.highlights.body?.[0] ?? a.highlights.lead?.[0];
    if (fragment) out(`  … ${terminal(fragment)!.replace(/\s+/g, ' ')} …\n`);
    if (a.tasks.length) {
      out(`  ${a.tasks.length} task(s)${a.announcedTaskCount ? ` (announced: ${a.announcedTaskCount})` : ''}:\n`);
      for (const t of a.tasks) out(`    ${t.ordinal}. ${t.marker ? `[${t.marker}] ` : ''}${clip(t.text, 140)}\n`);
    }
  }
  if (res.next) out(`\nmore: --after ${res.next}\n`);
}

function out(s: string): void {
  process.stdout.write(s);
}

function facetLine(sources: { value: string; count: number }[] | undefined): string {
  if (!sources || sources.length < 2) return '';
  return ` — ${sources.slice(0, 5).map((s) => `${s.value}: ${s.count}`).join(', ')}`;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#39;': "'", '&#x2F;': '/' };

/** A highlight fragment for the terminal: matches in bold where that shows, entities decoded. */
function terminal(fragment: string | undefined): string | undefined {
  if (fragment === undefined) return undefined;
  const bold = process.stdout.isTTY ? ['\x1b[1m', '\x1b[22m'] : ['', ''];
  return fragment
    .replace(/<mark>/g, bold[0]!)
    .replace(/<\/mark>/g, bold[1]!)
    .replace(/&(?:amp|lt|gt|quot|#x27|#39|#x2F);/g, (e) => ENTITIES[e]!);
}

function clip(s: string, n: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > n ? flat.slice(0, n - 1) + '…' : flat;
}
