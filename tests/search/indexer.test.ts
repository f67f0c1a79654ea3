import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName, type IndexJob, type StageResult } from '@ingest/contracts';
import { createRedisConnection, openQueue } from '@ingest/queue';
import { articleIdFor, countArticles, createSearchClient, ensureIndices, getArticle, searchTasks, type IndexNames } from '@ingest/search';
import { startIndexer } from '@ingest/indexer';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { article, indexJob } from './corpus';

/** The indexer through BullMQ into a real Elasticsearch: batching and what happens to each document. */
describe('indexer: batched bulk writes and per-document outcomes (real Redis, real Elasticsearch)', () => {
  const config = isolatedConfig({ INDEX_BATCH_MS: '100', INDEX_CONCURRENCY: '32' });
  const logger = testLogger(config, 'indexer-test');
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const queue = openQueue(QueueName.index, settings);
  const es = createSearchClient(config.elasticsearchUrl);
  let indexer: ReturnType<typeof startIndexer>;
  let names: IndexNames;

  beforeAll(async () => {
    names = await ensureIndices(es, config.indexPrefix);
    indexer = startIndexer(config, logger);
  });
  afterAll(async () => {
    await indexer.close();
    await queue.close();
    settings.connection.disconnect();
    await es.close();
    await cleanup(config);
  });

  type IndexJobHandle = NonNullable<Awaited<ReturnType<typeof queue.getJob>>> & { returnvalue: StageResult };
  let seq = 0;
  async function enqueue(job: IndexJob, opts: { attempts?: number } = {}) {
    const id = `${job.visitId}-${seq++}`;
    await queue.add('index', job, { jobId: id, attempts: opts.attempts ?? 3, backoff: { type: 'fixed', delay: 300 } });
    return id;
  }

  async function settle(id: string, timeoutMs = 30_000): Promise<IndexJobHandle> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = await queue.getJobState(id);
      // Read the job after its state is final, so its result is there.
      if (state === 'completed' || state === 'failed') return (await queue.getJob(id)) as IndexJobHandle;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${state}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('indexes many concurrent jobs through shared bulk requests, each searchable once acknowledged', async () => {
    const jobs = Array.from({ length: 120 }, (_, i) =>
      indexJob(`https://batch.example/a/${i}`, article({ title: `Batch article ${i}`, tasks: [{ ordinal: 1, marker: 'First', text: `task of article ${i}`, paragraphs: 1 }] })),
    );
    const ids = await Promise.all(jobs.map((j) => enqueue(j)));
    const done = await Promise.all(ids.map((id) => settle(id)));
    expect(done.filter((j) => j.returnvalue?.outcome !== 'indexed').map((j) => j.failedReason)).toEqual([]);
    expect(new Set(done.map((j) => j.returnvalue && 'result' in j.returnvalue && j.returnvalue.result))).toEqual(new Set(['created']));
    // Acknowledged means searchable: no refresh here.
    expect(await countArticles(es, names, { prefix: { finalUrl: 'https://batch.example/' } })).toBe(120);
    expect((await searchTasks(es, names, { q: '"task of article 77"' })).hits.map((h) => h.articleId)).toEqual([articleIdFor('https://batch.example/a/77')]);
  });

  it('re-indexing the same fetch is idempotent: updated, never duplicated', async () => {
    const job = indexJob('https://idem.example/x', article({ title: 'Same page', tasks: [{ ordinal: 1, marker: '', text: 'only task', paragraphs: 1 }] }));
    const first = await settle(await enqueue(job));
    const again = await settle(await enqueue(job));
    expect(first.returnvalue).toMatchObject({ outcome: 'indexed', result: 'created' });
    expect(again.returnvalue).toMatchObject({ outcome: 'indexed', result: 'updated' });
    expect(await countArticles(es, names, { term: { finalUrl: 'https://idem.example/x' } })).toBe(1);
    expect((await searchTasks(es, names, { q: '"only task"' })).total).toBe(1);
  });

  it('an older fetch arriving after a newer one completes as noop and changes nothing', async () => {
    const url = 'https://order.example/story';
    const newer = await settle(await enqueue(indexJob(url, article({ title: 'Newer title', tasks: [] }), '2024-03-02T00:00:00Z')));
    const older = await settle(await enqueue(indexJob(url, article({ title: 'Older title', tasks: [{ ordinal: 1, marker: '', text: 'stale task text', paragraphs: 1 }] }), '2024-03-01T00:00:00Z')));
    expect(newer.returnvalue).toMatchObject({ result: 'created' });
    expect(older.returnvalue).toMatchObject({ outcome: 'indexed', result: 'noop' });
    expect(older.attemptsMade).toBe(1);
    expect((await getArticle(es, names, articleIdFor(url)))?.title).toBe('Newer title');
    expect((await searchTasks(es, names, { q: '"stale task text"' })).total).toBe(0);
  });

  it('a newer fetch with fewer tasks removes the tasks it no longer has; the older one cannot remove newer tasks', async () => {
    const url = 'https://shrink.example/story';
    const five = Array.from({ length: 5 }, (_, i) => ({ ordinal: i + 1, marker: '', text: `shrinktask number${i + 1}`, paragraphs: 1 }));
    await settle(await enqueue(indexJob(url, article({ title: 'v1', tasks: five }), '2024-05-01T00:00:00Z')));
    await settle(await enqueue(indexJob(url, article({ title: 'v2', tasks: five.slice(0, 2) }), '2024-05-02T00:00:00Z')));
    expect((await searchTasks(es, names, { q: 'shrinktask', size: 10 })).hits.map((h) => h.ordinal).sort()).toEqual([1, 2]);
    // A stale fetch with only one task must not delete task 2 of the newer version.
    const stale = await settle(await enqueue(indexJob(url, article({ title: 'v0', tasks: five.slice(0, 1) }), '2024-04-01T00:00:00Z')));
    expect(stale.returnvalue).toMatchObject({ result: 'noop' });
    expect((await searchTasks(es, names, { q: 'shrinktask', size: 10 })).hits.map((h) => h.ordinal).sort()).toEqual([1, 2]);
  });

  it('parks a document the strict mapping refuses, with its reason, while the rest of its batch is indexed', async () => {
    const good = Array.from({ length: 8 }, (_, i) => indexJob(`https://mixed.example/ok/${i}`, article({ title: `Fine ${i}` })));
    const bad = indexJob('https://mixed.example/bad', article({ title: 'Broken date', publishedAt: 'yesterday-ish' }));
    const ids = await Promise.all([...good.slice(0, 4), bad, ...good.slice(4)].map((j) => enqueue(j, { attempts: 5 })));
    const done = await Promise.all(ids.map((id) => settle(id)));
    const badJob = done[4]!;
    expect(await badJob.getState()).toBe('failed');
    expect(badJob.attemptsMade).toBe(1); // parked at once, not retried
    expect(badJob.failedReason).toMatch(/publishedAt/);
    expect(badJob.failedReason).toMatch(/HTTP 400/);
    const others = done.filter((_, i) => i !== 4);
    expect(await Promise.all(others.map((j) => j.getState()))).toEqual(others.map(() => 'completed'));
    expect(await countArticles(es, names, { prefix: { finalUrl: 'https://mixed.example/ok/' } })).toBe(8);
  });

  it('retries a retryable refusal (write block, as during maintenance) until it passes', async () => {
    const [target] = Object.keys(await es.indices.getAlias({ name: names.articlesWrite }));
    await es.indices.putSettings({ index: target!, settings: { 'index.blocks.write': true } });
    let id: string;
    try {
      id = await enqueue(indexJob('https://blocked.example/a', article({ title: 'Waited for the block to lift' })), { attempts: 20 });
      const deadline = Date.now() + 20_000;
      while (((await queue.getJob(id))?.attemptsMade ?? 0) < 1) {
        if (Date.now() > deadline) throw new Error('no attempt was made');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await (await queue.getJob(id))!.getState()).not.toBe('failed');
    } finally {
      await es.indices.putSettings({ index: target!, settings: { 'index.blocks.write': false } });
    }
    const job = await settle(id);
    expect(job.returnvalue).toMatchObject({ outcome: 'indexed', result: 'created' });
    expect(job.attemptsMade).toBeGreaterThanOrEqual(2);
  });
});
