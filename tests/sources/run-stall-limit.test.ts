import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, enqueueVisit, openQueue } from '@ingest/queue';
import { RunLedger } from '@ingest/sources';
import { serviceEnv, Services } from '../ops/support/service-process';
import { cleanup, isolatedConfig } from '../support/test-env';

const KILLS = 2;

/**
 * A page whose fetchers die on it (kill -9 while it fetches) until BullMQ's stall limit
 * parks it: the stalled checker marks the job and the next fetcher fails it without running
 * the fetch stage, so only the worker's 'failed' event learns of it. The run must still end,
 * with the page counted as failed by `worker-lost`.
 */
describe('a run whose page is parked by the stall limit (fetcher processes, real Redis)', () => {
  const config = isolatedConfig();
  const env = serviceEnv(config, {
    // The killed fetcher's host lease (deadline + 5 s) must run out before the next one may fetch.
    FETCH_DEADLINE_MS: '1000',
    WORKER_LOCK_MS: '1000',
    // Back once from a dead worker, parked the second time.
    WORKER_MAX_STALLS: String(KILLS - 1),
    LOG_LEVEL: 'warn',
  });
  const connection = createRedisConnection(config.redisUrl);
  const runs = new RunLedger(connection, config.queuePrefix, { keep: 5 });
  const services = new Services();
  let hits = 0;
  let server: http.Server;
  let base = '';

  beforeAll(async () => {
    // Never answers: every fetcher that takes the page is killed mid-request.
    server = http.createServer((req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(404).end();
      hits++;
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await services.killAll();
    connection.disconnect();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await cleanup(config);
  });

  it(`after ${KILLS} kills the page is parked and counted as worker-lost; the run finishes`, { timeout: 90_000 }, async () => {
    const queue = openQueue(QueueName.fetch, { connection, prefix: config.queuePrefix });
    try {
      await runs.started('stall', 'run-1', 'requested');
      const visitId = await enqueueVisit(queue, { url: `${base}/thoi-su/ban-tin-7.html`, sourceId: 'stall', runId: 'run-1' });
      await runs.discoveryDone('stall', 'run-1', { documents: 1, discovered: 1, enqueued: 1, seen: 0, overCap: 0, robotsRefused: 0 });
      for (let kill = 1; kill <= KILLS; kill++) {
        const fetcher = services.start('fetcher', env);
        await expect.poll(() => hits, { timeout: 60_000, interval: 50 }).toBe(kill);
        fetcher.signal('SIGKILL');
        await fetcher.exited;
      }
      const last = services.start('fetcher', env);
      await expect.poll(async () => (await runs.get('stall', 'run-1'))?.status, { timeout: 60_000, interval: 100 }).toBe('finished');

      expect(await runs.get('stall', 'run-1')).toMatchObject({ status: 'finished', enqueued: 1, pagesEnded: 1, failed: { 'worker-lost': 1 }, fetchFailed: 1, fetched: 0 });
      const job = (await queue.getJob(visitId))!;
      expect(await job.getState()).toBe('failed');
      expect(job.failedReason).toBe('job stalled more than allowable limit');
      // The last fetcher parked it without fetching it again, and lives on.
      expect(hits).toBe(KILLS);
      expect(last.running).toBe(true);
      expect(last.lines.some((l) => l.msg === 'job parked in failed set' && String(l.reason).startsWith('worker-lost: '))).toBe(true);
    } finally {
      await queue.close();
    }
  });
});
