import { observedQueues, type CountableQueue } from './registry';

/** Reports these queues' job counts (ingest_queue_jobs) on every scrape until the returned function is called. */
export function observeQueues(queues: readonly CountableQueue[]): () => void {
  observedQueues.add(queues);
  return () => void observedQueues.delete(queues);
}
