// Worker entry: tsx's loader is not inherited by worker threads, so register it here and import the TS module.
import { tsImport } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

await tsImport(workerData.entry, import.meta.url);
