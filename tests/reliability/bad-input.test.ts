import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, enqueueVisit, followVisit, openQueue } from '@ingest/queue';
import { startFetcher } from '@ingest/fetcher';
import { startParser } from '@ingest/parser';
import { startIndexer } from '@ingest/indexer';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';

/**
 * Bad input must end as a clear outcome — indexed, skipped or parked with a reason — and
 * the workers must go on with the next page.
 */
describe('bad input and unreachable services lose nothing (real Redis, real Elasticsearch)', () => {
  const config = isolatedConfig({ FETCH_READ_TIMEOUT_MS: '500' });
  const logger = testLogger(config, 'reliability');
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const fetchQueue = openQueue(QueueName.fetch, settings);
  const workers: { close(): Promise<unknown> }[] = [];
  let server: http.Server;
  let base = '';

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      switch (req.url) {
        case '/malformed':
          return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><div><p>Một đoạn <b>không đóng<p>Thứ hai, <<<>>> </div></span></table><h1>Tiêu đề lạc chỗ');
        case '/binary-as-html':
          return void res.writeHead(200, { 'content-type': 'text/html' }).end(randomBytes(50_000));
        case '/good':
          return void res
            .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
            .end('<html lang="vi"><head><title>Bài viết tốt</title></head><body><article><h1>Bài viết tốt</h1><p>Đây là một đoạn văn đủ dài của bài viết để được xem là nội dung chính của trang tin.</p><p>Đoạn thứ hai của bài viết cũng có nội dung thật sự.</p></article></body></html>');
        case '/loop':
          return void res.writeHead(302, { location: '/loop' }).end();
        case '/image':
          return void res.writeHead(200, { 'content-type': 'image/png' }).end(randomBytes(100));
        default:
          return void res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    workers.push(startFetcher(config, logger), startParser(config, logger));
  });

  afterAll(async () => {
    for (const w of workers) await w.close();
    await fetchQueue.close();
    settings.connection.disconnect();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await cleanup(config);
  });

  async function crawl(path: string) {
    const visitId = await enqueueVisit(fetchQueue, { url: base + path });
    return followVisit(settings, visitId, 60_000);
  }

  it('parks a redirect loop and a non-HTML response at the fetcher, each with its reason', async () => {
    const loop = await crawl('/loop');
    expect(loop).toMatchObject({ status: 'failed', stage: 'fetch' });
    if (loop.status === 'failed') expect(loop.reason).toMatch(/redirect-loop/);
    const image = await crawl('/image');
    expect(image).toMatchObject({ status: 'failed', stage: 'fetch' });
    if (image.status === 'failed') expect(image.reason).toMatch(/unsupported-content-type: image\/png/);
  });

  it('keeps Elasticsearch-bound jobs queued and retrying while Elasticsearch is unreachable, then indexes them', async () => {
    // An indexer pointed at a port where nothing listens: the job must fail, stay alive
    // (delayed for a retry) and keep its reason — not vanish.
    const deadIndexer = startIndexer({ ...config, elasticsearchUrl: 'http://127.0.0.1:9' }, logger);
    const visitId = await enqueueVisit(fetchQueue, { url: base + '/good' });
    const indexQueue = openQueue(QueueName.index, settings);
    try {
      let job = await indexQueue.getJob(visitId);
      for (let i = 0; i < 100 && !(job && job.attemptsMade >= 1); i++) {
        await new Promise((r) => setTimeout(r, 100));
        job = await indexQueue.getJob(visitId);
      }
      expect(job?.attemptsMade).toBeGreaterThanOrEqual(1);
      expect(job?.failedReason).toMatch(/connect|ECONNREFUSED|ConnectionError/i);
      // The parser hands on what the index stores: the body, not its blocks.
      expect(job?.data.article.body.length).toBeGreaterThan(0);
      expect(job?.data.article).not.toHaveProperty('blocks');
      await deadIndexer.close();
      expect(['delayed', 'waiting', 'wait']).toContain(await job!.getState());

      // Elasticsearch "comes back": a healthy indexer picks the same job up on its retry.
      const indexer = startIndexer(config, logger);
      workers.push(indexer);
      const outcome = await followVisit(settings, visitId, 60_000);
      expect(outcome).toMatchObject({ status: 'indexed', result: 'created' });
    } finally {
      await indexQueue.close();
    }
  });

  it('survives malformed HTML and binary bytes served as HTML, and goes on with the next page', async () => {
    for (const path of ['/malformed', '/binary-as-html']) {
      const outcome = await crawl(path);
      // Either outcome is a clear end; what must not happen is a crash or a lost job.
      expect(['indexed', 'skipped']).toContain(outcome.status);
    }
    const good = await crawl('/good');
    expect(good).toMatchObject({ status: 'indexed' });
  });
});
