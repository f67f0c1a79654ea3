import type { Logger } from '@ingest/config';

export interface Closable {
  close(): Promise<unknown>;
}

export interface ShutdownHandle {
  /** True from the first SIGTERM/SIGINT on. */
  readonly stopping: boolean;
}

/**
 * Runs until SIGTERM/SIGINT, then closes everything in order: workers first (BullMQ's
 * close stops taking jobs and waits for the ones in hand, so their results are handed
 * on), then connections. The drain is bounded by `drainTimeoutMs`: past it the process
 * exits, and a job still in hand is recovered by BullMQ's stalled-job check and run
 * again (ids are deterministic, so running it twice writes the same documents).
 * A second SIGINT exits at once.
 */
export function runUntilSignalled(logger: Logger, closables: Closable[], drainTimeoutMs = 30_000): ShutdownHandle {
  const handle = { stopping: false };
  const stop = async (signal: string) => {
    if (handle.stopping) {
      if (signal === 'SIGINT') {
        logger.warn('second SIGINT: exiting now');
        process.exit(130);
      }
      return;
    }
    handle.stopping = true;
    logger.info({ signal, drainTimeoutMs }, 'shutting down: draining in-flight jobs');
    const timer = setTimeout(() => {
      logger.error({ drainTimeoutMs }, 'drain timed out: exiting; unfinished jobs return to the queue as stalled and run again');
      process.exit(1);
    }, drainTimeoutMs);
    timer.unref();
    for (const c of closables) {
      try {
        await c.close();
      } catch (err) {
        logger.warn({ err }, 'error while closing');
      }
    }
    logger.info('stopped cleanly');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return handle;
}
