#!/usr/bin/env node
import { Command } from 'commander';
import { registerCrawl } from './commands/crawl';
import { registerSearch } from './commands/search';
import { registerReindex } from './commands/reindex';
import { registerExtract } from './commands/extract';
import { registerFailed } from './commands/failed';
import { registerSources } from './commands/sources';
import { registerStatus } from './commands/status';

const program = new Command()
  .name('ingest')
  .description('News ingestion: crawl pages, extract articles and their numbered tasks, search the index.')
  .showHelpAfterError();

registerCrawl(program);
registerSearch(program);
registerReindex(program);
registerExtract(program);
registerFailed(program);
registerSources(program);
registerStatus(program);

await program.parseAsync(process.argv);
