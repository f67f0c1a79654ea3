/**
 * `pnpm bench index [--articles N] [--rounds R] [--concurrency C] [--batch-size D] [--batch-ms M]`
 *
 * Documents per second into Elasticsearch, side by side, in one run and into the same ES:
 * - indexer: N index jobs through BullMQ (Redis) → startIndexer (ArticleBatcher, bulk with
 *   refresh=wait_for, every job acknowledged once its documents are in) → ES;
 * - bare helpers.bulk: the same documents (articles + one per task, folded copies
 *   included) through the client's bulk helper, refreshed once at the end; once prepared
 *   beforehand, once made from the same jobs as it goes.
 * Each run writes into fresh indices of its own. Jobs are enqueued before the clock starts
 * (the figure is the indexing side, not the producer). Documents: the seed article (6 tasks,
 * ~6 KB body) with a different URL and title each.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadConfig, createLogger, type Config } from '@ingest/config';
import { QueueName, type Article, type IndexJob } from '@ingest/contracts';
import { createRedisConnection, openQueue } from '@ingest/queue';
import { articleIdFor, createSearchClient, deleteIndices, ensureIndices, storedArticle, storedTask, taskIdFor, toArticleDocument, toTaskDocuments } from '@ingest/search';
import { startIndexer } from '@ingest/indexer';

interface Seed {
  title: string;
  lead: string;
  authors: string[];
  publishedAt: string;
  tasks: { ordinal: number; marker: string; text: string }[];
  bodyParagraphs: string[];
}

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

function jobs(n: number): IndexJob[] {
  const seed: Seed = JSON.parse(readFileSync(new URL('../packages/extract/test/fixtures/seed.expected.json', import.meta.url), 'utf8'));
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
    return [
      { index: names.articlesWrite, id, version, body: storedArticle(doc) as object },
      ...toTaskDocuments(id, doc).map((t) => ({ index: names.tasksWrite, id: taskIdFor(id, t.ordinal), version, body: storedTask(t) as object })),
    ];
  });
}

/**
 * `prebuilt`: the documents are made before the clock starts (the helper only sends);
 * otherwise they are made from the same index jobs as it goes, as a loader reading the
 * parser's output would have to.
 */
async function runBare(base: Config, all: IndexJob[], prebuilt: boolean): Promise<{ docs: number; seconds: number }> {
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
    return { docs: stats.successful, seconds };
  } finally {
    await deleteIndices(es, config.indexPrefix);
    await es.close();
  }
}

async function runIndexer(base: Config, all: IndexJob[]): Promise<{ docs: number; seconds: number }> {
  const config = { ...base, indexPrefix: `${base.indexPrefix}-indexer`, queuePrefix: `${base.queuePrefix}-q${randomBytes(2).toString('hex')}` };
  const logger = createLogger({ ...config, logLevel: 'warn' }, 'bench-index');
  const connection = createRedisConnection(config.redisUrl);
  const queue = openQueue(QueueName.index, { connection, prefix: config.queuePrefix });
  const es = createSearchClient(config.elasticsearchUrl);
  try {
    await ensureIndices(es, config.indexPrefix);
    for (let i = 0; i < all.length; i += 1000) {
      await queue.addBulk(all.slice(i, i + 1000).map((data) => ({ name: 'index', data, opts: { jobId: data.visitId, removeOnComplete: true } })));
    }
    const started = performance.now();
    const indexer = startIndexer(config, logger);
    let seconds: number;
    try {
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
    return { docs, seconds };
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
    await deleteIndices(es, config.indexPrefix);
    await es.close();
  }
}

export async function runIndexBench(argv: string[]): Promise<void> {
  const n = arg(argv, 'articles', 2000);
  const rounds = arg(argv, 'rounds', 2);
  const env: Record<string, string | undefined> = { ...process.env, INDEX_PREFIX: `bench-${randomBytes(3).toString('hex')}`, QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  if (argv.includes('--concurrency')) env.INDEX_CONCURRENCY = String(arg(argv, 'concurrency', 64));
  if (argv.includes('--batch-size')) env.INDEX_BATCH_SIZE = String(arg(argv, 'batch-size', 500));
  if (argv.includes('--batch-ms')) env.INDEX_BATCH_MS = String(arg(argv, 'batch-ms', 200));
  const config = loadConfig(env);
  const all = jobs(n);
  const perDoc = all[0]!.article.tasks.length + 1;
  console.log(`index bench: ${n} articles × ${perDoc} documents (article + ${perDoc - 1} tasks) = ${n * perDoc} documents, ${rounds} round(s), ES ${config.elasticsearchUrl}`);
  console.log(`indexer settings: INDEX_CONCURRENCY=${config.index.concurrency} INDEX_BATCH_SIZE=${config.index.batchSize} INDEX_BATCH_MS=${config.index.batchMs}`);
  // Warm-up: JIT, connections, index creation paths.
  await runBare(config, all.slice(0, 200), true);
  await runIndexer(config, all.slice(0, 200));
  const results: Record<'prebuilt' | 'bare' | 'indexer', number[]> = { prebuilt: [], bare: [], indexer: [] };
  for (let r = 0; r < rounds; r++) {
    const prebuilt = await runBare(config, all, true);
    results.prebuilt.push(prebuilt.docs / prebuilt.seconds);
    const bare = await runBare(config, all, false);
    results.bare.push(bare.docs / bare.seconds);
    const idx = await runIndexer(config, all);
    results.indexer.push(idx.docs / idx.seconds);
    console.log(
      `  round ${r + 1}: bare helpers.bulk, prebuilt ${fmt(prebuilt.docs / prebuilt.seconds)} docs/s (${prebuilt.seconds.toFixed(2)} s) · bare, building as it goes ${fmt(bare.docs / bare.seconds)} docs/s (${bare.seconds.toFixed(2)} s) · indexer ${fmt(idx.docs / idx.seconds)} docs/s (${idx.seconds.toFixed(2)} s)`,
    );
  }
  const best = (xs: number[]) => Math.max(...xs);
  const row = (name: string, xs: number[]) => console.log(`${name.padEnd(52)} ${fmt(best(xs)).padStart(13)}   ${fmt(best(xs) / perDoc).padStart(10)}`);
  console.log('');
  console.log(`${'path'.padEnd(52)} ${'docs/s (best)'.padStart(13)}   ${'articles/s'.padStart(10)}`);
  row('bare helpers.bulk, documents prebuilt', results.prebuilt);
  row('bare helpers.bulk, documents built as it goes', results.bare);
  row('indexer (BullMQ → batcher → bulk → refresh → ack)', results.indexer);
  const pct = (a: number[], b: number[]) => ((best(a) / best(b)) * 100).toFixed(0);
  console.log(`indexer / bare (built as it goes): ${pct(results.indexer, results.bare)}%; indexer / bare (prebuilt): ${pct(results.indexer, results.prebuilt)}%; floor 80%`);
}

function fmt(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}
