import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, enqueueVisit, openQueue } from '@ingest/queue';
import { cleanup, isolatedConfig } from '../../support/test-env';
import { serviceEnv, Services } from '../support/crawl-harness';
import { recordFigures } from '../support/figures';
import { articlePage } from '../support/news-site';

const KILLS = 2;

/**
 * One job under two workers that die in turn (kill -9 each while it fetches the page):
 * it comes back from each, and the third fetcher completes it. With BullMQ's own
 * maxStalledCount of 1 the second return parked it ("job stalled more than allowable
 * limit"), and every other job those two workers held with it; WORKER_MAX_STALLS (5) keeps it.
 */
describe('a job whose worker dies twice (fetcher processes, real Redis)', () => {
  const config = isolatedConfig();
  const env = serviceEnv(config, {
    // The killed fetcher's host lease (deadline + 5 s) must run out before the next one may fetch.
    FETCH_DEADLINE_MS: '1000',
    WORKER_LOCK_MS: '1000',
  });
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const services = new Services();
  let hits = 0;
  let hang = true;
  let server: http.Server;
  let base = '';

  beforeAll(async () => {
    // Hangs (never answers) while `hang`: a fetcher killed then is killed mid-request.
    server = http.createServer((req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(404).end();
      hits++;
      if (!hang) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(7));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await services.killAll();
    settings.connection.disconnect();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await cleanup(config);
  });

  it(`comes back after each of ${KILLS} kills and completes, not parked`, { timeout: 120_000 }, async () => {
    const queue = openQueue(QueueName.fetch, settings);
    try {
      const visitId = await enqueueVisit(queue, { url: `${base}/thoi-su/ban-tin-7.html` });
      for (let kill = 1; kill <= KILLS; kill++) {
        const fetcher = services.start('fetcher', env);
        await expect.poll(() => hits, { timeout: 60_000, interval: 50 }).toBe(kill);
        fetcher.signal('SIGKILL');
        await fetcher.exited;
      }
      hang = false;
      const last = services.start('fetcher', env);
      await expect.poll(async () => ['completed', 'failed'].includes(String(await (await queue.getJob(visitId))?.getState())), { timeout: 60_000, interval: 200 }).toBe(true);
      const job = (await queue.getJob(visitId))!;
      expect(await job.getState(), `parked: ${job.failedReason}`).toBe('completed');
      recordFigures('stalled-twice', { kills: KILLS, 'returns from dead workers (stalledCounter)': job.stalledCounter, 'page requests': hits, state: await job.getState(), failed: await queue.getFailedCount() });
      expect(job.stalledCounter).toBe(KILLS);
      expect(await queue.getFailedCount()).toBe(0);
      expect(last.running).toBe(true);
    } finally {
      await queue.close();
    }
  });
});
