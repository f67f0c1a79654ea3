export { createRedisConnection, deleteKeysMatching, isCluster, masterNodes, redisAnswers, type RedisConnection } from './connection';
export { bullmqPrefix, openQueue, openQueueEvents, defaultJobOptions, type QueueSettings, type TypedQueue } from './queues';
export { PageStore } from './page-store';
export { enqueueVisit, enqueueVisits, type VisitRequest } from './enqueue-visit';
export { createStageWorker, type JobEnd, type StageContext, type StageHandler, type StageWorker, type StageWorkerOptions } from './stage-worker';
export { followVisit, followRun, type VisitOutcome } from './follow-visit';
export { DeadLetters, type DeadLetter } from './dead-letters';
export { PipelineStatusReader, type PipelineStatus, type QueueStatus, type ScheduledRun } from './pipeline-status';
