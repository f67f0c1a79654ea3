import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, enqueueVisit, openQueue, type PipelineStatus } from '@ingest/queue';
import { startFetcher } from '@ingest/fetcher';
import { startParser } from '@ingest/parser';
import { startIndexer } from '@ingest/indexer';
import { demoArticles, startDemoSite, type DemoSite } from '../fixtures/demo-site/server';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `ingest status` as an operator runs it: a separate process reading the real Redis. */
describe('ingest status (real Redis, real Elasticsearch)', () => {
  const config = isolatedConfig({ FETCH_HOST_DELAY_MS: '0', FETCH_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8' });
  const env = { ...process.env, REDIS_URL: config.redisUrl, ELASTICSEARCH_URL: config.elasticsearchUrl, QUEUE_PREFIX: config.queuePrefix, INDEX_PREFIX: config.indexPrefix, LOG_PRETTY: 'false' };
  const ingest = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'status', ...args], { cwd: ROOT, env, timeout: 90_000 });
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const fetchQueue = openQueue(QueueName.fetch, settings);
  const discoverQueue = openQueue(QueueName.discover, settings);
  const workers: { close(): Promise<unknown> }[] = [];
  let site: DemoSite;
  let paths: string[];
  let watcher: ChildProcess | undefined;

  beforeAll(async () => {
    site = await startDemoSite();
    paths = (await demoArticles()).map((a) => '/' + a.path.replace(/^\//, ''));
  });
  afterAll(async () => {
    if (watcher && watcher.exitCode === null) watcher.kill('SIGKILL');
    for (const w of workers) await w.close();
    await fetchQueue.close();
    await discoverQueue.close();
    settings.connection.disconnect();
    await site?.close();
    await cleanup(config);
  });

  it('shows queue depths and the next scheduled crawl, as text and as JSON', async () => {
    for (const path of paths) {
      const visitId = await enqueueVisit(fetchQueue, { url: site.url + path });
    }
    await discoverQueue.upsertJobScheduler('source:demo', { every: 15 * 60_000 }, { name: 'discover', data: { sourceId: 'demo', url: 'source:demo' } });

    const json = JSON.parse((await ingest('--json')).stdout) as PipelineStatus;
    const fetch = json.queues.find((q) => q.queue === 'fetch')!;
    expect(fetch).toMatchObject({ pending: paths.length, counts: { waiting: paths.length, active: 0, failed: 0, completed: 0 }, recent: { windowMs: 60_000, completed: 0, failed: 0 } });
    expect(json.queues.map((q) => q.queue)).toEqual(['discover', 'fetch', 'parse', 'index']);
    expect(json.scheduled).toHaveLength(1);
    expect(json.scheduled[0]).toMatchObject({ queue: 'discover', id: 'source:demo', every: 900_000, sourceId: 'demo' });
    expect(Date.parse(json.scheduled[0]!.next!)).toBeGreaterThan(Date.now() - 60_000);

    const text = (await ingest()).stdout;
    expect(text).toMatch(new RegExp(`^fetch\\s+${paths.length}\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0$`, 'm'));
    expect(text).toMatch(/next scheduled crawls\n\s+\S+\s+(in \d+m \d+s|due)\s+discover\s+source:demo\s+\(every 900s\)/);
  });

  it('--watch --until-idle follows a crawl to its end and counts what finished in the last minute', async () => {
    // No discover worker runs here: take the scheduler and its first run out so the pipeline can go idle.
    await discoverQueue.removeJobScheduler('source:demo');
    await discoverQueue.drain(true);
    const logger = testLogger(config, 'ops-status');
    const child = (watcher = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'status', '--watch', '--until-idle', '--json', '--interval', '0.3'], { cwd: ROOT, env }));
    let stdout = '';
    const firstLine = new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), stdout.includes('\n') && resolve())));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Workers start only once the watch has shown the queued crawl.
    await firstLine;
    workers.push(startFetcher(config, logger), startParser(config, logger), startIndexer(config, logger));
    expect(await exited).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as PipelineStatus);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0]!.queues.find((q) => q.queue === 'fetch')!.pending).toBe(paths.length);
    const last = lines.at(-1)!;
    expect(last.queues.every((q) => q.pending === 0)).toBe(true);
    const index = last.queues.find((q) => q.queue === 'index')!;
    expect(index.sinceStart).toEqual({ completed: paths.length, failed: 0 });
    expect(index.recent.completed).toBe(paths.length);
  });
});
