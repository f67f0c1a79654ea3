import { describe, expect, it } from 'vitest';
import { healthOf, runRecordOf, type RunRecord } from '../src/index';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const DAY = 86_400_000;
const T = { quietRuns: 3, quietDays: 2 };

/** A finished run `daysAgo` days before NOW with these counters. */
function run(daysAgo: number, fields: Partial<RunRecord> = {}): RunRecord {
  const at = new Date(NOW - daysAgo * DAY).toISOString();
  return { ...runRecordOf({ id: `r${daysAgo}`, sourceId: 's', status: 'finished' }), startedAt: at, finishedAt: at, discovered: 10, enqueued: 10, fetched: 10, parsed: 10, indexed: 10, newArticles: 2, ...fields };
}

describe('healthOf', () => {
  it('is ok before any run has finished, and for a source that brings new articles', () => {
    expect(healthOf([], T, NOW)).toEqual({ health: 'ok', reason: 'no finished run yet' });
    expect(healthOf([{ ...run(0), status: 'running' }], T, NOW).health).toBe('ok');
    expect(healthOf([run(0), run(1)], T, NOW).health).toBe('ok');
  });

  it('is quiet after quietRuns runs without a new article, or quietDays days without one', () => {
    const none = { newArticles: 0 };
    expect(healthOf([run(0, none), run(0.1, none)], T, NOW).health).toBe('ok');
    expect(healthOf([run(0, none), run(0.1, none), run(0.2, none)], T, NOW)).toEqual({ health: 'quiet', reason: 'no new article in the last 3 run(s)' });
    expect(healthOf([run(0, none), run(2.5)], T, NOW)).toEqual({ health: 'quiet', reason: 'no new article for 2 day(s)' });
    expect(healthOf([run(0, none), run(3, none)], T, NOW).health).toBe('quiet');
    expect(healthOf([run(0, none), run(1.5)], T, NOW).health).toBe('ok');
  });

  it('is failing when the last run failed, or most of its fetches were parked', () => {
    expect(healthOf([{ ...run(0), status: 'failed', error: 'boom' }], T, NOW)).toEqual({ health: 'failing', reason: 'the last run failed: boom' });
    expect(healthOf([run(0, { fetched: 2, fetchFailed: 3, failed: { 'http-500': 3 } })], T, NOW).health).toBe('failing');
    expect(healthOf([run(0, { fetched: 3, fetchFailed: 3, failed: { 'http-500': 3 } })], T, NOW).health).toBe('ok');
    // Only the last finished run counts: an older failure is history.
    expect(healthOf([run(0), { ...run(1), status: 'failed' }], T, NOW).health).toBe('ok');
  });

  it('is blocked when robots.txt or 403 / 429 refused at least 2 pages and half of what the run tried', () => {
    expect(healthOf([run(0, { enqueued: 2, refused: { 'robots-disallowed': 2 } })], T, NOW).health).toBe('blocked');
    expect(healthOf([run(0, { enqueued: 4, fetched: 1, fetchFailed: 3, failed: { 'http-403': 3 } })], T, NOW).health).toBe('blocked');
    expect(healthOf([run(0, { enqueued: 10, failed: { 'http-429': 1, 'http-403': 1 } })], T, NOW).health).toBe('ok');
    expect(healthOf([run(0, { enqueued: 0, refused: { 'robots-disallowed': 1 } })], T, NOW).health).toBe('ok');
  });
});

describe('runRecordOf', () => {
  it('reads counters by reason from the prefixed hash fields, dropping zeros', () => {
    const r = runRecordOf({ id: 'x', sourceId: 's', trigger: 'requested', status: 'finished', startedAt: '1000', finishedAt: '2000', 'skipped:seen': '3', 'skipped:over-cap': '0', 'failed:http-404': '1', indexed: '2', new: '1', ended: '3' });
    expect(r).toMatchObject({ trigger: 'requested', startedAt: '1970-01-01T00:00:01.000Z', finishedAt: '1970-01-01T00:00:02.000Z', skipped: { seen: 3 }, failed: { 'http-404': 1 }, indexed: 2, newArticles: 1, pagesEnded: 3, newestPublishedAt: null });
  });
});
