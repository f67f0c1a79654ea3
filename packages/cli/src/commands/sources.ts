import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '@ingest/config';
import { createRedisConnection } from '@ingest/queue';
import { InvalidSourceError, parseSourcesText, SourceRegistry, type SourceView } from '@ingest/sources';
import { describeLastRun, registerRuns, runsTable } from './sources-runs';

type AddFlags = Record<string, string | string[] | boolean | undefined>;

/** `ingest sources add|list|show|runs|pause|resume|remove`: source definitions, their schedules and their runs. */
export function registerSources(program: Command): void {
  const sources = program.command('sources').description('manage news sources: what to crawl and when');
  registerAdd(sources);
  registerList(sources);
  registerShow(sources);
  registerRuns(sources, withRegistry);
  registerSetPaused(sources, 'pause', true);
  registerSetPaused(sources, 'resume', false);
  registerRemove(sources);
}

function registerAdd(sources: Command): void {
  sources
    .command('add')
    .description('add or replace sources, from a JSON/YAML file (`-` = stdin, JSON) or from flags')
    .argument('[file]', 'file of one source, a list, or {sources: [...]}')
    .option('--id <id>')
    .option('--name <name>')
    .option('--seed <url>', 'home or section page (repeatable)', collect, [])
    .option('--feed <url>', 'RSS/Atom feed (repeatable)', collect, [])
    .option('--sitemap <url>', 'sitemap or sitemap index (repeatable)', collect, [])
    .option('--include <regex>', 'article URLs must match one (repeatable)', collect, [])
    .option('--exclude <regex>', 'URLs matching any are skipped (repeatable)', collect, [])
    .option('--every <interval>', 'run every 90s, 15m, 2h, 1d …')
    .option('--cron <pattern>', 'run on a cron pattern (in --timezone)')
    .option('--timezone <iana>', 'e.g. Asia/Ho_Chi_Minh')
    .option('--delay-ms <ms>', 'least time between two requests to the source’s hosts')
    .option('--paused', 'store it without scheduling it')
    .option('--json', 'print the stored sources as JSON lines')
    .action((file: string | undefined, o: AddFlags) =>
      withRegistry(async (registry) => {
        const inputs = file ? await sourcesFromFile(file) : [sourceFromFlags(o)];
        for (const input of inputs) {
          const { source, created } = await registry.save(input);
          print(o.json as boolean, source, `${created ? 'added   ' : 'replaced'} ${describe(source)}`);
        }
      }),
    );
}

/** The source definitions in a file (`-` = stdin, JSON), still to be validated. */
async function sourcesFromFile(file: string): Promise<unknown[]> {
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  const format = file !== '-' && /\.ya?ml$/i.test(file) ? 'yaml' : 'json';
  const doc = format === 'json' ? JSON.parse(text) : null;
  // One object is one source; lists and {sources} go through the file reader.
  return doc && !Array.isArray(doc) && !('sources' in doc) ? [doc] : parseSourcesText(text, format, file);
}

/** The source definition `add`'s flags spell, still to be validated. */
function sourceFromFlags(o: AddFlags): unknown {
  return {
    id: o.id,
    name: o.name ?? o.id,
    seeds: o.seed,
    feeds: o.feed,
    sitemaps: o.sitemap,
    include: o.include,
    exclude: o.exclude,
    ...(o.every ? { schedule: { every: o.every } } : o.cron ? { schedule: { cron: o.cron } } : {}),
    ...(o.timezone ? { timezone: o.timezone } : {}),
    ...(o.delayMs !== undefined ? { politeness: { delayMs: Number(o.delayMs) } } : {}),
    paused: Boolean(o.paused),
  };
}

function registerList(sources: Command): void {
  sources
    .command('list')
    .option('--json', 'one JSON line per source')
    .action((o: { json?: boolean }) =>
      withRegistry(async (registry) => {
        const all = await registry.list();
        if (!o.json) process.stdout.write(`${all.length} source(s)\n`);
        for (const s of all) print(o.json, s, describe(s));
      }),
    );
}

function registerShow(sources: Command): void {
  sources
    .command('show')
    .description('one source: its definition, health, and its last runs as a table')
    .argument('<id>')
    .option('--json', 'the source (with its last run) as JSON')
    .action((id: string, o: { json?: boolean }) =>
      withRegistry(async (registry) => {
        const s = await registry.get(id);
        if (!s) return notFound(id);
        if (o.json) return void process.stdout.write(JSON.stringify(s, null, 2) + '\n');
        const { lastRun: _last, health, healthReason, nextRunAt: _next, ...definition } = s;
        process.stdout.write(`${describe(s)}\nhealth: ${health} (${healthReason})\n${JSON.stringify(definition, null, 2)}\n\n${runsTable(await registry.runs.list(id, 10))}\n`);
      }),
    );
}

/** `pause` and `resume`. */
function registerSetPaused(sources: Command, name: string, paused: boolean): void {
  sources
    .command(name)
    .argument('<id>')
    .action((id: string) =>
      withRegistry(async (registry) => {
        const s = await registry.setPaused(id, paused);
        if (!s) return notFound(id);
        process.stdout.write(`${paused ? 'paused ' : 'resumed'} ${describe(s)}\n`);
      }),
    );
}

function registerRemove(sources: Command): void {
  sources
    .command('remove')
    .argument('<id>')
    .action((id: string) =>
      withRegistry(async (registry) => {
        if (!(await registry.remove(id))) return notFound(id);
        process.stdout.write(`removed ${id}\n`);
      }),
    );
}

/** Runs a subcommand against the source registry, then closes it. */
async function withRegistry(fn: (r: SourceRegistry) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const connection = createRedisConnection(config.redisUrl, { maxRetriesPerRequest: 3 });
  const registry = new SourceRegistry(connection, { connection, prefix: config.queuePrefix }, config.sourceRuns);
  try {
    await fn(registry);
  } catch (err) {
    // Bad definitions and unreadable files are the user's to fix: say what, no stack.
    process.stderr.write(`${err instanceof InvalidSourceError ? err.issues.map((i) => `  ${i}`).join('\n') : (err as Error).message}\n`);
    process.exitCode = 2;
  } finally {
    await registry.close();
    connection.disconnect();
  }
}

function collect(v: string, acc: string[]): string[] {
  return [...acc, v];
}

function describe(s: SourceView): string {
  const schedule = s.paused ? 'paused' : s.schedule ? (s.schedule.cron ?? `every ${(s.schedule.every ?? 0) / 1000}s`) : 'unscheduled';
  const what = [`${s.feeds.length} feed(s)`, `${s.sitemaps.length} sitemap(s)`, `${s.seeds.length} seed(s)`].join(', ');
  return `${s.id.padEnd(16)} ${s.name}  [${schedule}${s.nextRunAt ? `, next ${s.nextRunAt}` : ''}]  ${what}  health: ${s.health}\n${' '.repeat(17)}last run: ${describeLastRun(s.lastRun)}`;
}

function notFound(id: string): void {
  process.stderr.write(`no such source: ${id}\n`);
  process.exitCode = 1;
}

function print(json: boolean | undefined, obj: unknown, text: string): void {
  process.stdout.write((json ? JSON.stringify(obj) : text) + '\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
