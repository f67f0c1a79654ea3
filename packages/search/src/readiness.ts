import type { Client } from '@elastic/elasticsearch';

/** Per request: a readiness probe asks once and gives up fast; the caller bounds it too. */
const PROBE = { requestTimeout: 2_000, maxRetries: 0 };

/**
 * The readiness checks of a search deployment: `elasticsearch`, the cluster answers and is
 * not red; `aliases`, every alias this deployment reads and writes through exists.
 */
export function elasticsearchChecks(es: Client, aliases: string[]): { elasticsearch: () => Promise<boolean>; aliases: () => Promise<boolean> } {
  return {
    elasticsearch: async () => (await es.cluster.health({ timeout: `${PROBE.requestTimeout}ms` }, PROBE)).status !== 'red',
    aliases: () => es.indices.existsAlias({ name: aliases }, PROBE),
  };
}
