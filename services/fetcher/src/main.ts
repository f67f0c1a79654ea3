import { runWorkerService } from '@ingest/queue';
import { startFetcher } from './fetcher';

await runWorkerService('fetcher', 9101, startFetcher);
