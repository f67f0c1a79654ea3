import { runWorkerService } from '@ingest/runtime';
import { startFetcher } from './fetcher';

await runWorkerService('fetcher', 9101, startFetcher);
