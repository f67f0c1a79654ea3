export { runWorkerService, type WorkerService } from './run-service';
export { runUntilSignalled, type Closable, type ShutdownHandle } from './signals';
export { startHealthServer, type HealthServerOptions } from './health-server';
export { readiness, runChecks, within, CHECK_TIMEOUT_MS, type Check, type ReadinessAnswer, type ReadinessChecks } from './readiness';
