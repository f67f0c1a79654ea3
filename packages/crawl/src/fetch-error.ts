import { StageError, type FetchFailureCode } from '@ingest/contracts';

/** Why a fetch did not give us a page (the codes are listed in @ingest/contracts). */
export type FetchFailureReason = FetchFailureCode;

/**
 * A fetch that did not give us a page. `retryable` decides between "try again later"
 * (BullMQ back-off) and "park it with this reason" (the stage worker).
 */
export class FetchError extends StageError {
  override readonly name = 'FetchError';
  constructor(
    readonly reason: FetchFailureReason,
    message: string,
    retryable: boolean,
    readonly status?: number,
    /** From a 429/503's Retry-After, when it had one. */
    readonly retryAfterMs?: number,
  ) {
    super(reason, `${reason}: ${message}`, retryable);
  }
}
