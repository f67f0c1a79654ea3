import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, enqueueVisit, followVisit, openQueue } from '@ingest/queue';
import { startFetcher } from '@ingest/fetcher';
import { startParser } from '@ingest/parser';
import { startIndexer } from '@ingest/indexer';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { SPIN_MARKER, THROW_MARKER } from './support/poison-extract';

const TIMEOUT_MS = 1500;
const NORMAL = ['/a', '/b', '/c', '/d', '/e', '/f'];

function article(path: string, extra = ''): string {
  const title = `Bến cảng ${path.slice(1)} mở lại cho tàu khách`;
  return `<html lang="vi"><head><title>${title}</title></head><body><article><h1>${title}</h1>${extra}
<p>Bến cảng cũ đã mở lại cho tàu khách vào thứ Hai, sau hai năm sửa chữa của thành phố, ông giám đốc cho biết.</p>
<p>Những chuyến đầu tiên đều kín chỗ, và thành phố dự kiến thêm chuyến vào mùa hè năm sau.</p></article></body></html>`;
}

/**
 * A poison page must not freeze or kill the parser: extraction runs in threads, a page past
 * PARSE_TIMEOUT_MS has its thread ended and is parked at once, a page that makes the
 * extractor throw is parked with its error after its attempts, and the other pages are
 * parsed meanwhile. The threads run a test extraction module: the real extractor, except
 * for pages carrying a marker, where it spins forever or throws.
 */
describe('poison pages: extraction off the event loop, with a time limit (real Redis, real Elasticsearch)', () => {
  const config = isolatedConfig({ PARSE_TIMEOUT_MS: String(TIMEOUT_MS), PARSE_CONCURRENCY: '2', LOG_LEVEL: process.env.LOG_LEVEL ?? 'fatal' });
  const logger = testLogger(config, 'poison-page');
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const fetchQueue = openQueue(QueueName.fetch, settings);
  const parseQueue = openQueue(QueueName.parse, settings);
  const workers: { close(): Promise<unknown> }[] = [];
  let server: http.Server;
  let base = '';

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const path = req.url ?? '';
      const html = path === '/spin' ? article(path, `<!-- ${SPIN_MARKER} -->`) : path === '/throw' ? article(path, `<!-- ${THROW_MARKER} -->`) : NORMAL.includes(path) || path === '/after' ? article(path) : null;
      if (html === null) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    workers.push(startFetcher(config, logger), startIndexer(config, logger));
  });

  afterAll(async () => {
    for (const w of workers) await w.close();
    await Promise.all([fetchQueue.close(), parseQueue.close()]);
    settings.connection.disconnect();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await cleanup(config);
  });

  it('parks a never-ending page at its time limit and a throwing one after its attempts, and parses the others meanwhile', async () => {
    // Every page is fetched before the parser starts, the spinning one first in line, so the
    // normal pages reach the parser while the spinning page holds a thread.
    const spin = await enqueueVisit(fetchQueue, { url: `${base}/spin` });
    const thrower = await enqueueVisit(fetchQueue, { url: `${base}/throw` });
    const normal = await Promise.all(NORMAL.map((p) => enqueueVisit(fetchQueue, { url: base + p })));
    for (let i = 0; i < 300 && (await parseQueue.getWaitingCount()) < 2 + NORMAL.length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await parseQueue.getWaitingCount()).toBe(2 + NORMAL.length);

    workers.push(startParser(config, logger, { extractModule: new URL('./support/poison-extract.ts', import.meta.url) }));

    const outcomes = await Promise.all(normal.map((v) => followVisit(settings, v, 60_000)));
    for (const o of outcomes) expect(o).toMatchObject({ status: 'indexed', result: 'created' });

    const spun = await followVisit(settings, spin, 60_000);
    expect(spun).toMatchObject({ status: 'failed', stage: 'parse' });
    if (spun.status === 'failed') expect(spun.reason).toBe(`extract-timeout: extraction took longer than ${TIMEOUT_MS} ms; the page is parked`);
    const spinJob = (await parseQueue.getJob(spin))!;
    // Parked at once: one attempt, not retried.
    expect(spinJob.attemptsMade).toBe(1);
    // The normal pages were parsed while the spinning page held its thread (BullMQ's own records).
    for (const v of normal) expect((await parseQueue.getJob(v))!.finishedOn!).toBeLessThanOrEqual(spinJob.finishedOn!);

    const thrown = await followVisit(settings, thrower, 60_000);
    expect(thrown).toMatchObject({ status: 'failed', stage: 'parse' });
    if (thrown.status === 'failed') expect(thrown.reason).toBe('extract-failed: extractor crashed on a poison page');
    const throwJob = (await parseQueue.getJob(thrower))!;
    expect(throwJob.attemptsMade).toBe(throwJob.opts.attempts);
    expect(throwJob.stacktrace?.length).toBe(throwJob.opts.attempts);

    // The thread ended for the spinning page was replaced: the parser goes on.
    expect(await followVisit(settings, await enqueueVisit(fetchQueue, { url: `${base}/after` }), 60_000)).toMatchObject({ status: 'indexed' });
  });
});
