import type fc from 'fast-check';
import { afterAll } from 'vitest';

/**
 * Shared set-up of the property-based tests (imported by relative path from each package's
 * test folder, so no package depends on another for it): a fixed seed, overridable with
 * FC_SEED=<n>, fast-check parameters for a number of runs, and the slowest time per input
 * of each named step, printed after the file (never asserted).
 */
export const SEED = Number(process.env.FC_SEED ?? 20261203);

export const params = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns });

/** A `timed(name, fn)` that runs fn and keeps its slowest time per name, printed (with `digits` decimals) after the file. */
export function propertyTimer(digits = 2): <T>(name: string, fn: () => T) => T {
  const maxMs = new Map<string, number>();
  afterAll(() => {
    for (const [name, ms] of maxMs) console.log(`[property] ${name}: max ${ms.toFixed(digits)} ms per input (seed ${SEED})`);
  });
  return <T>(name: string, fn: () => T): T => {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      const ms = performance.now() - t0;
      if (ms > (maxMs.get(name) ?? 0)) maxMs.set(name, ms);
    }
  };
}
