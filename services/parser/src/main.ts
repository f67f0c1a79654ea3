import { runWorkerService } from '@ingest/runtime';
import { startParser } from './parser';

await runWorkerService('parser', 9102, startParser);
