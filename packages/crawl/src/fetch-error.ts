/**
 * Why a fetch did not give us a page. `retryable` decides between "try again later"
 * (BullMQ back-off) and "park it with this reason" (an UnrecoverableError upstream).
 */
export type FetchFailureReason =
  | 'invalid-url'
  | 'unsupported-scheme'
  | 'connect-timeout'
  | 'read-timeout'
  | 'deadline'
  | 'network'
  | 'too-many-redirects'
  | 'redirect-loop'
  | 'http-status'
  | 'too-large'
  | 'unsupported-content-type'
  | 'decompression'
  | 'ssrf-blocked'
  | 'robots-disallowed'
  | 'robots-unavailable';

export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly reason: FetchFailureReason,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** From a 429/503's Retry-After, when it had one. */
    readonly retryAfterMs?: number,
  ) {
    super(`${reason}: ${message}`);
  }
}
