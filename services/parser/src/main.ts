import { runWorkerService } from '@ingest/queue';
import { startParser } from './parser';

await runWorkerService('parser', 9102, startParser);
