/** `pnpm bench <name> [options]`: dispatches to one benchmark. */
import { runExtractQuality } from './extract-quality';
import { runExtractSpeed } from './extract-speed';
import { runIndexBench } from './index';
import { runReliabilityBench } from './reliability';

const BENCHES: Record<string, { run: (argv: string[]) => Promise<void>; help: string }> = {
  'extract-quality': {
    run: runExtractQuality,
    help: 'precision/recall/F-score on the trafilatura eval set, ours vs Readability.js [--limit N] [--only ours|readability] [--timeout S] [--worst N]',
  },
  index: {
    run: runIndexBench,
    help: 'documents/s into Elasticsearch: the indexer (BullMQ → batcher → bulk) vs a bare helpers.bulk, with CPU per process [--articles N] [--rounds R] [--concurrency C] [--batch-size D] [--batch-ms M] [--only prebuilt,bare,batcher,indexer]',
  },
  reliability: {
    run: runReliabilityBench,
    help: 'the fault tests (kill -9 mid-crawl, double delivery, memory, Redis per job) in one table, merged into bench/results.json [--pages N] [--rounds R] [--memory-pages M]',
  },
  extract: {
    run: runExtractSpeed,
    help: 'extraction speed: cheerio parse floor, ours, Readability.js+jsdom [--sample N] [--rounds N]',
  },
};

const [name, ...rest] = process.argv.slice(2);
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  console.error(`usage: pnpm bench <${Object.keys(BENCHES).join('|')}> [options]`);
  for (const [n, b] of Object.entries(BENCHES)) console.error(`  ${n.padEnd(16)} ${b.help}`);
  process.exit(name ? 2 : 1);
}
await bench.run(rest);
