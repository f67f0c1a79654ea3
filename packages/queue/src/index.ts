export { createRedisConnection } from './connection';
export { openQueue, openQueueEvents, defaultJobOptions, type QueueSettings, type TypedQueue } from './queues';
export { PageStore } from './page-store';
export { createStageWorker, runUntilSignalled, runWorkerService, startHealthServer, type Closable, type StageWorkerOptions } from './worker-process';
export { followVisit, type VisitOutcome } from './follow-visit';
export { DeadLetters, type DeadLetter } from './dead-letters';
