import { Client } from '@elastic/elasticsearch';

export function createSearchClient(url: string): Client {
  return new Client({
    node: url,
    // Fail fast on an unreachable cluster: callers (BullMQ jobs) own retrying.
    requestTimeout: 30_000,
    maxRetries: 2,
  });
}

export type { Client };
