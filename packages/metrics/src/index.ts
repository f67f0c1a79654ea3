/** Prometheus metrics shared by every service (prom-client): one registry, recording helpers, /metrics text. */
export { registry, QUEUE_STATES, type CountableQueue } from './registry';
export { metrics } from './record';
export { observeQueues } from './queue-gauges';
export { observeSources, MAX_SOURCES_LABELLED, type SourceSample } from './source-gauges';
export { reasonClass, warningClass } from './label-values';
import { registry } from './registry';

/** The exposition text and its content type, for any HTTP server's /metrics. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
