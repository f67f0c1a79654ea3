import { Client } from '@elastic/elasticsearch';

/**
 * `url` is one node, or the nodes of one cluster comma-separated: requests are spread
 * over them, and a node that stops answering is set aside (and tried again later) while
 * its requests go to the others, so losing one node of a cluster costs no request.
 */
export function createSearchClient(url: string): Client {
  const nodes = url.split(',').map((s) => s.trim()).filter(Boolean);
  return new Client({
    nodes,
    // Fail fast on an unreachable cluster: callers (BullMQ jobs) own retrying. A request
    // whose node died is retried on another node (each retry picks the next live node).
    requestTimeout: 30_000,
    maxRetries: Math.max(2, nodes.length),
  });
}

export type { Client };
