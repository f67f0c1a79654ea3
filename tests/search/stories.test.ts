import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { QueueName, type IndexJob } from '@ingest/contracts';
import { createRedisConnection, openQueue } from '@ingest/queue';
import { articleIdFor, createSearchClient, ensureIndices, getArticle, minHashSignature, StoryRegistry, type IndexNames } from '@ingest/search';
import { startIndexer } from '@ingest/indexer';
import { buildApi } from '@ingest/api';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { article, indexJob } from './corpus';
import { enAgency, enRepublished, enSameTopic, viAgency, viRepublished, viSameTopic } from '../../packages/search/test/story-fixtures';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Hit {
  id: string;
  storyId: string;
  source: string;
  otherVersions?: number;
  versions?: { id: string; source: string }[];
}
interface Page {
  total: number;
  hits: Hit[];
  next: string | null;
}

const vi = (url: string, title: string, body: string) => indexJob(url, article({ title, body, language: 'vi', lead: '' }), '2024-03-12T10:00:00Z');
const en = (url: string, title: string, body: string) => indexJob(url, article({ title, body, language: 'en', lead: '' }), '2024-03-12T10:00:00Z');

/** Near-duplicate stories at index time (two indexer replicas, real Redis) and collapsed search (real Elasticsearch). */
describe('near-duplicate stories: assigned by the indexer, collapsed by search', () => {
  const config = isolatedConfig({ INDEX_BATCH_MS: '50', INDEX_CONCURRENCY: '16' });
  const env = { ...process.env, ELASTICSEARCH_URL: config.elasticsearchUrl, REDIS_URL: config.redisUrl, INDEX_PREFIX: config.indexPrefix, QUEUE_PREFIX: config.queuePrefix, LOG_PRETTY: 'false', LOG_LEVEL: 'warn' };
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const queue = openQueue(QueueName.index, settings);
  const es = createSearchClient(config.elasticsearchUrl);
  const replicas: ReturnType<typeof startIndexer>[] = [];
  let names: IndexNames;
  let api: FastifyInstance;
  let base: string;
  let seq = 0;

  const indexAll = async (jobs: IndexJob[]) => {
    const ids = await Promise.all(jobs.map((job) => queue.add('index', job, { jobId: `${job.visitId}-${seq++}`, attempts: 3 }).then((j) => j.id!)));
    for (const id of ids) {
      for (let state = await queue.getJobState(id); state !== 'completed'; state = await queue.getJobState(id)) {
        if (state === 'failed') throw new Error(`job ${id} failed: ${(await queue.getJob(id))?.failedReason}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const storyOf = async (url: string) => (await getArticle(es, names, articleIdFor(url)))!.storyId;
  const search = async (qs: Record<string, string>): Promise<Page> => {
    const res = await fetch(`${base}/search?${new URLSearchParams(qs)}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };

  beforeAll(async () => {
    names = await ensureIndices(es, config.indexPrefix);
    const logger = testLogger(config, 'stories');
    replicas.push(startIndexer(config, logger), startIndexer(config, logger));
    await Promise.all(replicas.map((r) => r.prepared()));
    // The agency texts first, on their own: they are the canonical versions.
    await indexAll([vi('https://ttxvn.example/cao-toc', 'Triển khai cao tốc Bắc - Nam', viAgency), en('https://wire.example/rates', 'Central bank raises rates again', enAgency)]);
    await indexAll([
      vi('https://bao-a.example/copy', 'Triển khai cao tốc Bắc - Nam', viAgency),
      vi('https://bao-b.example/tin/123', 'Cao tốc Bắc - Nam: đẩy nhanh giải phóng mặt bằng', viRepublished),
      vi('https://bao-c.example/quang-ngai', 'Quảng Ngãi tháo gỡ mặt bằng cao tốc', viSameTopic),
      en('https://daily.example/markets/rates', 'Rates up a quarter point as inflation lingers', enRepublished),
      en('https://daily.example/money/mortgages', 'Lenders pass on rate rise', enSameTopic),
    ]);
    api = await buildApi(config, testLogger(config, 'stories-api'));
    base = await api.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await api?.close();
    for (const r of replicas) await r.close();
    await queue.close();
    settings.connection.disconnect();
    await es.close();
    await cleanup(config);
  });

  it('gives an exact copy and a copy with a new headline and boilerplate the story of the first seen, in both languages', async () => {
    const viStory = articleIdFor('https://ttxvn.example/cao-toc');
    expect(await storyOf('https://ttxvn.example/cao-toc')).toBe(viStory);
    expect(await storyOf('https://bao-a.example/copy')).toBe(viStory);
    expect(await storyOf('https://bao-b.example/tin/123')).toBe(viStory);
    const enStory = articleIdFor('https://wire.example/rates');
    expect(await storyOf('https://daily.example/markets/rates')).toBe(enStory);
  });

  it('keeps a different article on the same topic a story of its own, in both languages', async () => {
    expect(await storyOf('https://bao-c.example/quang-ngai')).toBe(articleIdFor('https://bao-c.example/quang-ngai'));
    expect(await storyOf('https://daily.example/money/mortgages')).toBe(articleIdFor('https://daily.example/money/mortgages'));
  });

  it('puts copies indexed at the same moment by two replicas into one story', async () => {
    // A text no earlier article resembles (the agency text's words backwards), so no
    // story exists yet and the replicas race to make it.
    const body = enAgency.split(' ').reverse().join(' ');
    const urls = Array.from({ length: 12 }, (_, i) => `https://mirror-${i}.example/rates`);
    await indexAll(urls.map((u) => en(u, `Mirror ${u}`, body)));
    const stories = [...new Set(await Promise.all(urls.map(storyOf)))];
    expect(stories).toHaveLength(1);
    // Its canonical version is one of them, and is its own story.
    const canonical = urls.find((u) => articleIdFor(u) === stories[0]);
    expect(canonical).toBeDefined();
  });

  it('/search shows one hit per story with its other versions; duplicates=true shows them all; story= lists one story', async () => {
    const collapsed = await search({ q: 'cao tốc Bắc Nam' });
    const viStory = articleIdFor('https://ttxvn.example/cao-toc');
    const story = collapsed.hits.find((h) => h.storyId === viStory)!;
    expect(collapsed.hits.filter((h) => h.storyId === viStory)).toHaveLength(1);
    expect(story.otherVersions).toBe(2);
    const sources = ['ttxvn.example', 'bao-a.example', 'bao-b.example'];
    expect([story.source, ...story.versions!.map((v) => v.source)].sort()).toEqual(sources.sort());
    expect(collapsed.total).toBe(2); // the agency story and the Quảng Ngãi article
    const all = await search({ q: 'cao tốc Bắc Nam', duplicates: 'true' });
    expect(all.total).toBe(4);
    expect(all.hits.every((h) => h.otherVersions === undefined)).toBe(true);
    const versions = await search({ story: viStory, duplicates: 'true' });
    expect(versions.hits.map((h) => h.id).sort()).toEqual(['https://ttxvn.example/cao-toc', 'https://bao-a.example/copy', 'https://bao-b.example/tin/123'].map(articleIdFor).sort());
  });

  it('pages collapsed results with the cursor it hands out, and refuses a cursor of the other kind', async () => {
    const first = await search({ q: 'rate', size: '1' });
    expect(first.hits).toHaveLength(1);
    const second = await search({ q: 'rate', size: '1', after: first.next! });
    expect(second.hits).toHaveLength(1);
    expect(second.hits[0]!.storyId).not.toBe(first.hits[0]!.storyId);
    const plain = await search({ q: 'rate', size: '1', duplicates: 'true' });
    const res = await fetch(`${base}/search?${new URLSearchParams({ q: 'rate', size: '1', after: plain.next! })}`);
    expect(res.status).toBe(400);
  });

  it('ingest search collapses the same way and names the other versions; --duplicates shows them', async () => {
    const ingest = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], { cwd: ROOT, env, timeout: 90_000 });
    const { stdout } = await ingest('search', 'cao tốc', '--language', 'vi');
    expect(stdout).toMatch(/^2 matching article\(s\) \(near copies shown once/);
    expect(stdout).toMatch(/2 other version\(s\): /);
    const all = await ingest('search', 'cao toc', '--duplicates', '--json');
    expect((JSON.parse(all.stdout) as Page).total).toBe(4);
  });

  it('remembers the story of an article seen before, and merges nothing into a text too short to tell', async () => {
    const registry = new StoryRegistry(settings.connection, config.queuePrefix);
    const id = articleIdFor('https://bao-b.example/tin/123');
    expect(await registry.assign(id, minHashSignature(enSameTopic))).toBe(articleIdFor('https://ttxvn.example/cao-toc'));
    expect(await registry.assign('short-1', minHashSignature('Tin vắn.'))).toBe('short-1');
    expect(await registry.assign('short-2', minHashSignature('Tin vắn.'))).toBe('short-2');
  });

  it('finds near copies within the story window only, and lets what it remembers expire', async () => {
    const week = 7 * 24 * 3600 * 1000;
    let now = 10 * week + 1000;
    const prefix = `${config.queuePrefix}:window`;
    const registry = new StoryRegistry(settings.connection, prefix, { windowMs: week, now: () => now });
    const sig = minHashSignature(viRepublished);
    expect(await registry.assign('a', minHashSignature(viAgency))).toBe('a');
    now += 0.8 * week;
    expect(await registry.assign('b', sig)).toBe('a');
    now = 11.5 * week; // the next window still reads the last one
    expect(await registry.assign('c', sig)).toBe('a');
    now = 13.2 * week; // two windows on: a, b and c are forgotten
    expect(await registry.assign('d', sig)).toBe('d');
    const ttl = await settings.connection.ttl(`${prefix}:{stories}:bands:13`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual((2 * week) / 1000);
  });
});
