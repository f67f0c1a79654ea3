import { execFile } from 'node:child_process';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFetcher } from '@ingest/fetcher';
import { startParser } from '@ingest/parser';
import { startIndexer } from '@ingest/indexer';
import { startDemoSite, type DemoSite } from '../fixtures/demo-site/server';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `ingest sources …` and `ingest crawl <source-id>` as a user runs them, down to the index. */
describe('ingest sources and ingest crawl <source-id>', () => {
  const config = isolatedConfig();
  const env = { ...process.env, REDIS_URL: config.redisUrl, ELASTICSEARCH_URL: config.elasticsearchUrl, QUEUE_PREFIX: config.queuePrefix, INDEX_PREFIX: config.indexPrefix, LOG_PRETTY: 'false' };
  const workers: { close(): Promise<unknown> }[] = [];
  let site: DemoSite;
  const ingest = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], { cwd: ROOT, env, timeout: 90_000 });
  const fails = (...args: string[]) => ingest(...args).then(() => null, (e: Error & { code?: number; stdout?: string; stderr?: string }) => e);

  beforeAll(async () => {
    site = await startDemoSite();
    const logger = testLogger(config, 'sources-cli');
    workers.push(startFetcher(config, logger), startParser(config, logger), startIndexer(config, logger));
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await site?.close();
    await cleanup(config);
  });

  it('adds sources from a YAML file and from flags, lists, pauses, shows and refuses a bad one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sources-'));
    const file = join(dir, 'sources.yaml');
    await writeFile(file, `- id: demo\n  name: Demo\n  feeds: [${site.url}/feed.xml]\n  include: ['-\\d+\\.html$']\n  schedule: { cron: '0 3 * * *' }\n  timezone: Asia/Ho_Chi_Minh\n`);
    expect((await ingest('sources', 'add', file)).stdout).toMatch(/^added +demo +Demo +\[0 3 \* \* \*, next /);
    expect((await ingest('sources', 'add', '--id', 'other', '--name', 'Other', '--sitemap', 'https://other.example/sitemap.xml', '--every', '6h', '--timezone', 'Asia/Ho_Chi_Minh')).stdout).toMatch(/added +other/);
    const listed = (await ingest('sources', 'list', '--json')).stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string });
    expect(listed.map((s) => s.id)).toEqual(['demo', 'other']);
    expect((await ingest('sources', 'pause', 'other')).stdout).toMatch(/paused +other .*\[paused\]/);
    expect(JSON.parse((await ingest('sources', 'show', 'other', '--json')).stdout)).toMatchObject({ paused: true, nextRunAt: null, timezone: 'Asia/Ho_Chi_Minh' });
    const bad = await fails('sources', 'add', '--id', 'bad', '--name', 'Bad', '--every', 'often');
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toMatch(/schedule\.every: an interval of at least 1 s/);
    expect((await ingest('sources', 'remove', 'other')).stdout).toMatch(/removed other/);
  });

  it('crawl <source-id> reads the feed, indexes every article; run again, nothing new is fetched', async () => {
    const first = (await ingest('crawl', '--json', 'demo')).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first[0]).toMatchObject({ source: 'demo', status: 'discovered', found: 5, enqueued: 5 });
    const indexed = first.slice(1);
    expect(indexed).toHaveLength(5);
    expect(indexed.every((o) => o.status === 'indexed')).toBe(true);
    const again = (await ingest('crawl', '--json', 'demo')).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(again).toEqual([expect.objectContaining({ source: 'demo', status: 'discovered', found: 5, enqueued: 0 })]);
    const unknown = await fails('crawl', 'no-such-source');
    expect(unknown?.code).toBe(1);
    expect(unknown?.stdout).toMatch(/not a URL and no such source/);
  });
});
