/** Named readiness results, e.g. `{ redis: true, elasticsearch: false, aliases: false }`. */
export type ReadinessChecks = Record<string, boolean>;

/** One readiness check: resolves true when its backend answers; a rejection counts as false. */
export type Check = () => Promise<boolean>;

/** How long one check may take before it counts as failed. */
export const CHECK_TIMEOUT_MS = 2_000;

/** `promise`'s value, or `fallback` when it rejects or takes longer than `ms`. */
export async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise.catch(() => fallback), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs named checks side by side, each bounded by `ms`: connections that queue commands
 * through an outage would otherwise hang a probe instead of failing it.
 */
export async function runChecks(checks: Record<string, Check>, ms = CHECK_TIMEOUT_MS): Promise<ReadinessChecks> {
  const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await within(Promise.resolve().then(check), ms, false)] as const));
  return Object.fromEntries(entries);
}

export interface ReadinessAnswer {
  ready: boolean;
  body: { ready: boolean; checks: ReadinessChecks; failed: string[]; stopping?: true };
}

/** Shapes the /readyz answer: ready when every check passed and the process is not stopping. */
export async function readiness(checks: () => Promise<ReadinessChecks>, isStopping?: () => boolean): Promise<ReadinessAnswer> {
  const named = await within<ReadinessChecks>(checks(), CHECK_TIMEOUT_MS * 2.5, { ready: false });
  const failed = Object.entries(named)
    .filter(([, ok]) => !ok)
    .map(([name]) => name);
  const stopping = isStopping?.() ?? false;
  const ready = failed.length === 0 && !stopping;
  return { ready, body: { ready, checks: named, failed, ...(stopping ? { stopping: true as const } : {}) } };
}
