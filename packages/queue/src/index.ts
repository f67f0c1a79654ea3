export { createRedisConnection } from './connection';
export { openQueue, openQueueEvents, defaultJobOptions, type QueueSettings, type TypedQueue } from './queues';
export { PageStore } from './page-store';
export { createStageWorker, runUntilSignalled, runWorkerService, type Closable, type ShutdownHandle, type StageService, type StageWorkerOptions } from './worker-process';
export { startHealthServer, readiness, redisAnswers, elasticsearchChecks, within, type ReadinessChecks, type ElasticsearchPing } from './health';
export { followVisit, type VisitOutcome } from './follow-visit';
export { DeadLetters, type DeadLetter } from './dead-letters';
export { PipelineStatusReader, type PipelineStatus, type QueueStatus, type ScheduledRun } from './pipeline-status';
