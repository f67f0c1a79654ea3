import { execFile } from 'node:child_process';
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
const SEED_PATH = '/thoi-su/6-nhiem-vu-trong-tam-cong-tac-dan-van-nam-2022-1000001.html';

/** The `ingest` command as a user runs it: a separate process, talking to real Redis and Elasticsearch. */
describe('ingest CLI', () => {
  const config = isolatedConfig();
  const env = { ...process.env, REDIS_URL: config.redisUrl, ELASTICSEARCH_URL: config.elasticsearchUrl, QUEUE_PREFIX: config.queuePrefix, INDEX_PREFIX: config.indexPrefix, LOG_PRETTY: 'false' };
  const workers: { close(): Promise<unknown> }[] = [];
  let site: DemoSite;

  const ingest = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], { cwd: ROOT, env, timeout: 90_000 });

  beforeAll(async () => {
    site = await startDemoSite();
    const logger = testLogger(config, 'cli');
    workers.push(startFetcher(config, logger), startParser(config, logger), startIndexer(config, logger));
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await site?.close();
    await cleanup(config);
  });

  it('crawl waits until the page is indexed; search finds it with its tasks', async () => {
    const crawled = await ingest('crawl', '--json', site.url + SEED_PATH);
    expect(JSON.parse(crawled.stdout.trim())).toMatchObject({ status: 'indexed', url: site.url + SEED_PATH });

    const found = await ingest('search', '--json', 'nhiệm vụ trọng tâm');
    const res = JSON.parse(found.stdout) as { total: number; hits: { title: string; tasks: unknown[] }[] };
    expect(res.total).toBe(1);
    expect(res.hits[0]).toMatchObject({ title: '6 nhiệm vụ trọng tâm công tác dân vận năm 2022' });
    expect(res.hits[0]!.tasks).toHaveLength(6);

    const tasks = await ingest('search', '--tasks', 'phản biện xã hội');
    expect(tasks.stdout).toMatch(/#6 \[Thứ sáu\] thực hiện có hiệu quả công tác giám sát và phản biện xã hội/);
  });

  it('crawl exits non-zero and names the reason when a page is refused', async () => {
    const err = await ingest('crawl', site.url + '/khong-co.html').then(
      () => null,
      (e: Error & { code?: number; stdout?: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stdout).toMatch(/failed .*khong-co\.html .*HTTP 404/);

    const parked = await ingest('failed', 'list', '--json');
    const items = parked.stdout.trim().split('\n').map((l) => JSON.parse(l) as { queue: string; id: string; url: string; reason: string });
    const item = items.find((i) => i.url === site.url + '/khong-co.html');
    expect(item).toMatchObject({ queue: 'fetch' });
    expect(item!.reason).toMatch(/HTTP 404/);
    expect((await ingest('failed', 'drop', 'fetch', item!.id)).stdout).toMatch(/dropped fetch\//);
  });

  it('extract prints one JSON line per file in order, and fails only for unreadable files', async () => {
    const fixtures = 'packages/extract/test/fixtures';
    const err = await ingest('extract', `${fixtures}/seed-laodong.html`, 'no-such-file.html', `${fixtures}/seed-vnexpress.html`).then(
      () => null,
      (e: Error & { code?: number; stdout?: string; stderr?: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toMatch(/no-such-file\.html/);
    const lines = err!.stdout!.trim().split('\n').map((l) => JSON.parse(l) as { file: string; tasks: unknown[]; publishedAt: string });
    expect(lines.map((l) => l.file)).toEqual([`${fixtures}/seed-laodong.html`, `${fixtures}/seed-vnexpress.html`]);
    for (const l of lines) {
      expect(l.tasks).toHaveLength(6);
      expect(l.publishedAt).toBe('2021-12-31T17:04:00+07:00');
    }
  });
});
