import { runWorkerService } from '@ingest/queue';
import { startIndexer } from './indexer';

await runWorkerService('indexer', 9103, startIndexer);
