/** `pnpm bench <name> [options]`: dispatches to one benchmark. */
import { runCrawlBench } from './crawl';
import { runE2eBench } from './e2e';
import { runExtractQuality } from './extract-quality';
import { runExtractSpeed } from './extract-speed';
import { runIndexBench } from './index';
import { runNearDuplicatesBench } from './near-duplicates';
import { runRelevanceBench } from './relevance';
import { runReliabilityBench } from './reliability';
import { runTasksBench } from './tasks';

const BENCHES: Record<string, { run: (argv: string[]) => Promise<void>; help: string }> = {
  crawl: {
    run: runCrawlBench,
    help: 'crawl speed on a local site: ours (fetcher + parser through BullMQ) vs Crawlee CheerioCrawler vs undici + cheerio, CPU per process [--pages N] [--rounds R] [--concurrency C] [--only ours,crawlee,floor]',
  },
  e2e: {
    run: runE2eBench,
    help: 'crawl → searchable: articles/s, freshness p50/p95, Redis per 1,000 queued pages, peak RSS per worker, with 1, 2 and 4 parsers and indexers [--pages N] [--replicas 1,2,4] [--concurrency C] [--trickle T]',
  },
  'extract-quality': {
    run: runExtractQuality,
    help: 'precision/recall/F-score on the trafilatura eval set, ours vs Readability.js [--limit N] [--only ours|readability] [--timeout S] [--worst N]',
  },
  index: {
    run: runIndexBench,
    help: 'documents/s into Elasticsearch: the indexer (BullMQ → batcher → bulk) vs a bare helpers.bulk, with CPU per process [--articles N] [--rounds R] [--concurrency C] [--batch-size D] [--batch-ms M] [--only prebuilt,bare,batcher,indexer]',
  },
  relevance: {
    run: runRelevanceBench,
    help: 'nDCG@10 and recall@10 of article search on a labelled corpus (257 articles, 41 queries: VI with/without diacritics, EN word forms, tasks), the query before stems and phrases vs today\'s, merged into bench/results.json',
  },
  'near-duplicates': {
    run: runNearDuplicatesBench,
    help: 'precision/recall of near-duplicate stories (MinHash + LSH in Redis, as the indexer assigns them) vs exact body hashes, on a generated set of copies and same-topic articles [--stories N]',
  },
  reliability: {
    run: runReliabilityBench,
    help: 'the fault and outage tests (kill -9 mid-crawl, double delivery, memory, Redis per job, Elasticsearch down/slow/429, Redis restart) in one table, merged into bench/results.json [--pages N] [--rounds R] [--memory-pages M] [--faults-only]',
  },
  tasks: {
    run: runTasksBench,
    help: 'numbered tasks over every task fixture: pages fully right, task precision/recall/F1, errors per field, ours vs the first numbered list [--worst N]',
  },
  extract: {
    run: runExtractSpeed,
    help: 'extraction speed: cheerio parse floor, ours, Readability.js+jsdom, p50/p95/max per page, merged into bench/results.json [--sample N] [--rounds N] [--only floor,ours,readability]',
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
