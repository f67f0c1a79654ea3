import { total, type RunRecord } from './run-record';

/** One word per source, worst first: `blocked`, `failing`, `quiet`, else `ok`. */
export type HealthWord = 'ok' | 'failing' | 'quiet' | 'blocked';

export interface SourceHealth {
  health: HealthWord;
  /** Why, in a few words, for people. */
  reason: string;
}

export interface HealthThresholds {
  /** `quiet` when none of the last this-many finished runs brought a new article (SOURCE_QUIET_RUNS). */
  quietRuns: number;
  /** `quiet` when no run brought a new article for this many days (SOURCE_QUIET_DAYS). */
  quietDays: number;
}

/** Answers of a server refusing us: the `blocked` word counts them with robots.txt refusals. */
const REFUSING = ['robots-disallowed', 'http-403', 'http-429'];
const DAY_MS = 86_400_000;

/**
 * The health of a source from its kept runs (newest first), judged on finished ones:
 * - blocked: its last run had at least 2 pages refused by robots.txt or answered 403 / 429,
 *   and they were at least half of what it tried (pages enqueued and URLs refused at discovery);
 * - failing: its last run failed, or most of its fetches were parked;
 * - quiet: none of the last `quietRuns` runs brought a new article, or none did for
 *   `quietDays` days (once the runs kept span that long);
 * - ok otherwise, and while no run has finished yet.
 */
export function healthOf(runs: readonly RunRecord[], t: HealthThresholds, now = Date.now()): SourceHealth {
  const done = runs.filter((r) => r.status !== 'running');
  const last = done[0];
  if (!last) return { health: 'ok', reason: 'no finished run yet' };
  const refusing = REFUSING.reduce((n, code) => n + (last.failed[code] ?? 0) + (last.refused[code] ?? 0), 0);
  if (refusing >= 2 && refusing * 2 >= last.enqueued + total(last.refused)) return { health: 'blocked', reason: `${refusing} page(s) refused by robots.txt or 403/429 in the last run` };
  if (last.status === 'failed') return { health: 'failing', reason: `the last run failed: ${last.error ?? 'unknown error'}` };
  const fetchEnded = last.fetched + (last.skipped['not-modified'] ?? 0) + (last.skipped['unchanged-content'] ?? 0) + last.fetchFailed;
  if (fetchEnded > 0 && last.fetchFailed * 2 > fetchEnded) return { health: 'failing', reason: `${last.fetchFailed} of ${fetchEnded} fetches failed in the last run` };
  return quietness(done, t, now) ?? { health: 'ok', reason: `last run: ${last.indexed} indexed, ${total(last.failed)} failed` };
}

function quietness(done: readonly RunRecord[], t: HealthThresholds, now: number): SourceHealth | null {
  const latest = done.slice(0, t.quietRuns);
  if (latest.length >= t.quietRuns && latest.every((r) => r.newArticles === 0)) return { health: 'quiet', reason: `no new article in the last ${t.quietRuns} run(s)` };
  const since = now - t.quietDays * DAY_MS;
  const lastNew = done.find((r) => r.newArticles > 0);
  const oldest = done[done.length - 1]!;
  const quietSince = lastNew ? Date.parse(lastNew.finishedAt ?? lastNew.startedAt) : Date.parse(oldest.startedAt);
  if (quietSince < since) return { health: 'quiet', reason: `no new article for ${t.quietDays} day(s)` };
  return null;
}
