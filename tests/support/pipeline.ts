import type { FastifyInstance } from 'fastify';
import { buildApi } from '@ingest/api';
import type { Config } from '@ingest/config';
import { QueueName } from '@ingest/contracts';
import { createRedisConnection, enqueueVisit, followVisit, openQueue, type QueueSettings, type TypedQueue, type VisitOutcome } from '@ingest/queue';
import { startFetcher } from '@ingest/fetcher';
import { startParser } from '@ingest/parser';
import { startIndexer } from '@ingest/indexer';
import { cleanup, testLogger } from './test-env';

/** The whole pipeline of one test file, in process: three workers and the API on an ephemeral port. */
export interface RunningPipeline {
  settings: QueueSettings;
  fetchQueue: TypedQueue<'fetch'>;
  api: FastifyInstance;
  /** Base URL of the API, e.g. http://127.0.0.1:40123 */
  apiUrl: string;
  /** Enqueues one page visit and follows it to the index (or to its refusal). */
  crawl(url: string, timeoutMs?: number): Promise<VisitOutcome>;
  /** Stops everything and removes every key and index the config owns. */
  close(): Promise<void>;
}

export async function startPipeline(config: Config, name: string): Promise<RunningPipeline> {
  const logger = testLogger(config, name);
  const settings = { connection: createRedisConnection(config.redisUrl), prefix: config.queuePrefix };
  const fetchQueue = openQueue(QueueName.fetch, settings);
  const workers = [startFetcher(config, logger), startParser(config, logger), startIndexer(config, logger)];
  const api = await buildApi(config, logger);
  const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  return {
    settings,
    fetchQueue,
    api,
    apiUrl,
    crawl: async (url, timeoutMs = 90_000) => {
      const visitId = await enqueueVisit(fetchQueue, { url });
      return followVisit(settings, visitId, timeoutMs);
    },
    close: async () => {
      await api.close();
      for (const w of workers) await w.close();
      await fetchQueue.close();
      settings.connection.disconnect();
      await cleanup(config);
    },
  };
}
