import { runWorkerService } from '@ingest/runtime';
import { startIndexer } from './indexer';

await runWorkerService('indexer', 9103, startIndexer);
