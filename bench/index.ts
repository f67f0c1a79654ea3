/**
 * `pnpm bench index [--articles N] [--rounds R] [--concurrency C] [--batch-size D] [--batch-ms M] [--only prebuilt,bare,batcher,indexer]`
 *
 * Documents per second into Elasticsearch, side by side, in one run and into the same ES:
 * - indexer: N index jobs through BullMQ (Redis) → startIndexer (ArticleBatcher: shared bulk
 *   requests, then a shared refresh; every job acknowledged once its documents are durable
 *   and searchable) → ES;
 * - bare helpers.bulk: the same documents (articles + one per task, folded copies
 *   included) through the client's bulk helper, refreshed once at the end; once prepared
 *   beforehand, once made from the same jobs as it goes.
 * Each run writes into fresh indices of its own. The jobs wait in a paused queue and the
 * indexer is started and ready before the clock starts, which then runs from releasing the
 * queue to the last job acknowledged (the figure is the indexing side, not the producer).
 * Beside each figure: the CPU seconds Elasticsearch, Redis and this process spent, since
 * all three share the machine's cores. Documents: the seed article (6 tasks, ~6 KB body)
 * with a different URL and title each.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { loadConfig, createLogger, type Config } from '@ingest/config';
import { QueueName, type Article, type IndexJob } from '@ingest/contracts';
import { createRedisConnection, openQueue } from '@ingest/queue';
import { ArticleBatcher, articleIdFor, createSearchClient, deleteIndices, ensureIndices, storedDocuments, taskIdFor, toArticleDocument } from '@ingest/search';
import { batcherOptions, startIndexer } from '@ingest/indexer';
import { seedExpected as seed } from '../packages/extract/test/seed-expected';
import { cpuMeter, formatCpu, type CpuSeconds } from './process-cpu';

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

function jobs(n: number): IndexJob[] {
  const body = seed.bodyParagraphs.join('\n\n');
  return Array.from({ length: n }, (_, i) => {
    const url = `https://bench.example/thoi-su/bai-${i}.html`;
    const article: Article = {
      title: `${seed.title} (${i})`,
      lead: seed.lead,
      authors: seed.authors,
      sourceLabel: 'LDO',
      publishedAt: new Date(Date.UTC(2021, 0, 1) + i * 3_600_000).toISOString(),
      modifiedAt: null,
      language: 'vi',
      canonicalUrl: url,
      siteName: 'Bench',
      section: 'Thời sự',
      tags: ['dân vận'],
      images: [],
      body,
      blocks: [],
      wordCount: body.split(/\s+/).length,
      announcedTaskCount: 6,
      taskHeading: '6 nhiệm vụ trọng tâm',
      tasks: seed.tasks.map((t) => ({ ...t, paragraphs: 1 })),
      taskWarnings: [],
      warnings: [],
    };
    return { url, finalUrl: url, fetchedAt: '2024-01-01T00:00:00.000Z', contentHash: `h${i}`, visitId: `bench-${i}`, requestedAt: Date.now(), sourceId: 'bench.example', article };
  });
}

/** What the indexer would write, as flat bulk-helper documents. */
function bareDocuments(all: IndexJob[], names: { articlesWrite: string; tasksWrite: string }) {
  return all.flatMap((j) => {
    const doc = toArticleDocument(j.article, { url: j.url, finalUrl: j.finalUrl, source: j.sourceId!, fetchedAt: j.fetchedAt, contentHash: j.contentHash });
    const id = articleIdFor(j.finalUrl);
    const version = Date.parse(j.fetchedAt);
    const stored = storedDocuments(id, doc);
    return [
      { index: names.articlesWrite, id, version, body: stored.article as object },
      ...stored.tasks.map((t) => ({ index: names.tasksWrite, id: taskIdFor(id, t.ordinal), version, body: t as object })),
    ];
  });
}

/**
 * `prebuilt`: the documents are made before the clock starts (the helper only sends);
 * otherwise they are made from the same index jobs as it goes, as a loader reading the
 * parser's output would have to.
 */
interface Run {
  docs: number;
  seconds: number;
  cpu: CpuSeconds;
}

async function runBare(base: Config, all: IndexJob[], prebuilt: boolean): Promise<Run> {
  const config = { ...base, indexPrefix: `${base.indexPrefix}-bare` };
  const es = createSearchClient(config.elasticsearchUrl);
  try {
    const names = await ensureIndices(es, config.indexPrefix);
    // The helper sends each datasource item as the document: keep the metadata beside it.
    const meta = new WeakMap<object, { index: string; id: string; version: number }>();
    const unwrap = (d: ReturnType<typeof bareDocuments>[number]) => {
      meta.set(d.body, { index: d.index, id: d.id, version: d.version });
      return d.body;
    };
    const ready = prebuilt ? bareDocuments(all, names).map(unwrap) : [];
    const cpu = cpuMeter();
    const started = performance.now();
    const stats = await es.helpers.bulk<object>({
      datasource: prebuilt
        ? ready
        : (async function* () {
            for (const j of all) yield* bareDocuments([j], names).map(unwrap);
          })(),
      onDocument: (d) => {
        const m = meta.get(d)!;
        return { index: { _index: m.index, _id: m.id, version: m.version, version_type: 'external_gte' } };
      },
      refreshOnCompletion: true,
    });
    const seconds = (performance.now() - started) / 1000;
    if (stats.failed) throw new Error(`bare bulk: ${stats.failed} documents failed`);
    return { docs: stats.successful, seconds, cpu: cpu() };
  } finally {
    await deleteIndices(es, config.indexPrefix);
    await es.close();
  }
}

/**
 * The indexer's own writer without BullMQ: the same jobs handed to ArticleBatcher by
 * INDEX_CONCURRENCY writers in this process. Its distance from the indexer is what the
 * queue costs; its distance from the bare bulk is what batching, the previous-task-count
 * look-up and the refresh before acknowledging cost.
 */
async function runBatcher(base: Config, all: IndexJob[]): Promise<Run> {
  const config = { ...base, indexPrefix: `${base.indexPrefix}-batcher` };
  const es = createSearchClient(config.elasticsearchUrl);
  try {
    const names = await ensureIndices(es, config.indexPrefix);
    const batcher = new ArticleBatcher(es, names, batcherOptions(config));
    const cpu = cpuMeter();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(config.index.concurrency, all.length) }, async () => {
        while (next < all.length) {
          const j = all[next++]!;
          await batcher.write(toArticleDocument(j.article, { ...j, source: j.sourceId! }));
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await batcher.close();
    return { docs: all.reduce((n, j) => n + 1 + j.article.tasks.length, 0), seconds, cpu: cpu() };
  } finally {
    await deleteIndices(es, config.indexPrefix);
    await es.close();
  }
}

async function runIndexer(base: Config, all: IndexJob[]): Promise<Run> {
  const config = { ...base, indexPrefix: `${base.indexPrefix}-indexer`, queuePrefix: `${base.queuePrefix}-q${randomBytes(2).toString('hex')}` };
  const logger = createLogger({ ...config, logLevel: 'warn' }, 'bench-index');
  const connection = createRedisConnection(config.redisUrl);
  const queue = openQueue(QueueName.index, { connection, prefix: config.queuePrefix });
  const es = createSearchClient(config.elasticsearchUrl);
  try {
    await ensureIndices(es, config.indexPrefix);
    // The indexer is started and ready (indices checked, worker connected) before the clock
    // starts, as a running service is: the queue is held until then.
    await queue.pause();
    for (let i = 0; i < all.length; i += 1000) {
      await queue.addBulk(all.slice(i, i + 1000).map((data) => ({ name: 'index', data, opts: { jobId: data.visitId, removeOnComplete: true } })));
    }
    const indexer = startIndexer(config, logger);
    let seconds: number;
    let cpu: () => CpuSeconds;
    try {
      await indexer.prepared();
      cpu = cpuMeter();
      const started = performance.now();
      await queue.resume();
      for (;;) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
        if (counts.failed) throw new Error(`indexer: ${counts.failed} jobs failed`);
        if (!counts.waiting && !counts.active && !counts.delayed) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      seconds = (performance.now() - started) / 1000;
    } finally {
      await indexer.close();
    }
    const docs = all.reduce((n, j) => n + 1 + j.article.tasks.length, 0);
    return { docs, seconds, cpu: cpu() };
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
    await deleteIndices(es, config.indexPrefix);
    await es.close();
  }
}

export async function runIndexBench(argv: string[]): Promise<void> {
  // Sustained load by default: an indexer runs for hours, so its start (BullMQ filling the
  // worker's slots) and its drain should not weigh as they would in a run of a few seconds.
  const n = arg(argv, 'articles', 10_000);
  const rounds = arg(argv, 'rounds', 2);
  const env: Record<string, string | undefined> = { ...process.env, INDEX_PREFIX: `bench-${randomBytes(3).toString('hex')}`, QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  if (argv.includes('--concurrency')) env.INDEX_CONCURRENCY = String(arg(argv, 'concurrency', 64));
  if (argv.includes('--batch-size')) env.INDEX_BATCH_SIZE = String(arg(argv, 'batch-size', 500));
  if (argv.includes('--batch-ms')) env.INDEX_BATCH_MS = String(arg(argv, 'batch-ms', 200));
  const config = loadConfig(env);
  const all = jobs(n);
  const perDoc = all[0]!.article.tasks.length + 1;
  console.log(`index bench: ${n} articles × ${perDoc} documents (article + ${perDoc - 1} tasks) = ${n * perDoc} documents, ${rounds} round(s), ES ${config.elasticsearchUrl}`);
  console.log(`indexer settings: INDEX_CONCURRENCY=${config.index.concurrency} INDEX_BATCH_SIZE=${config.index.batchSize} INDEX_BATCH_MS=${config.index.batchMs} INDEX_REFRESH_MS=${config.index.refreshMs}`);
  // Warm-up: JIT, connections, index creation paths.
  await runBare(config, all.slice(0, 200), true);
  await runIndexer(config, all.slice(0, 200));
  const paths = {
    prebuilt: { name: 'bare helpers.bulk, documents prebuilt', run: () => runBare(config, all, true) },
    bare: { name: 'bare helpers.bulk, documents built as it goes', run: () => runBare(config, all, false) },
    batcher: { name: 'batcher alone (no queue): bulk → refresh → answer', run: () => runBatcher(config, all) },
    indexer: { name: 'indexer (BullMQ → batcher → bulk → refresh → ack)', run: () => runIndexer(config, all) },
  };
  const rates: Record<keyof typeof paths, number[]> = { prebuilt: [], bare: [], batcher: [], indexer: [] };
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1]!.split(',') : Object.keys(paths);
  for (let r = 0; r < rounds; r++) {
    console.log(`round ${r + 1}`);
    for (const [key, path] of Object.entries(paths) as [keyof typeof paths, (typeof paths)[keyof typeof paths]][]) {
      if (!only.includes(key)) continue;
      const run = await path.run();
      rates[key].push(run.docs / run.seconds);
      console.log(`  ${path.name.padEnd(52)} ${fmt(run.docs / run.seconds).padStart(6)} docs/s  ${run.seconds.toFixed(2).padStart(6)} s  ${formatCpu(run.cpu)}`);
    }
  }
  const best = (xs: number[]) => Math.max(...xs);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  console.log('');
  console.log(`${'path'.padEnd(52)} ${'docs/s best'.padStart(12)} ${'median'.padStart(8)}   ${'articles/s'.padStart(10)}`);
  for (const [key, path] of Object.entries(paths) as [keyof typeof paths, (typeof paths)[keyof typeof paths]][]) {
    console.log(`${path.name.padEnd(52)} ${fmt(best(rates[key])).padStart(12)} ${fmt(median(rates[key])).padStart(8)}   ${fmt(best(rates[key]) / perDoc).padStart(10)}`);
  }
  const pct = (a: number[], b: number[], f: (xs: number[]) => number) => `${((f(a) / f(b)) * 100).toFixed(0)}%`;
  console.log(
    `indexer / bare built as it goes: ${pct(rates.indexer, rates.bare, best)} (best), ${pct(rates.indexer, rates.bare, median)} (median); ` +
      `indexer / bare prebuilt: ${pct(rates.indexer, rates.prebuilt, best)} (best), ${pct(rates.indexer, rates.prebuilt, median)} (median); floor 80%`,
  );
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
