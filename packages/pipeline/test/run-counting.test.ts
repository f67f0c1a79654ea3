import { describe, expect, it } from 'vitest';
import { StageError, type JobPayloads } from '@ingest/contracts';
import { FetchError } from '@ingest/crawl';
import { countRunPages, failureReason } from '../src/runs/run-counting';

function recorder() {
  const calls: unknown[][] = [];
  const ledger = {
    pageStep: async (...a: unknown[]) => void calls.push(['step', ...a]),
    pageEnded: async (...a: unknown[]) => void calls.push(['end', ...a]),
    runFailed: async (...a: unknown[]) => void calls.push(['runFailed', ...a]),
  };
  return { calls, ledger };
}

const trace = { visitId: 'v1', sourceId: 's', runId: 'r1', requestedAt: 1 };

describe('countRunPages', () => {
  it('counts a hand-on as a step, a skip, an index or a parked job as the page’s end', async () => {
    const { calls, ledger } = recorder();
    await countRunPages('fetch', ledger)({ ...trace, url: 'u' }, { result: { outcome: 'handed-on', next: 'parse', jobId: 'v1' } }, 'v1');
    await countRunPages('fetch', ledger)({ ...trace, url: 'u' }, { result: { outcome: 'skipped', code: 'not-modified', reason: '' } }, 'v1');
    await countRunPages('parse', ledger)({ ...trace } as JobPayloads['parse'], { result: { outcome: 'handed-on', next: 'index', jobId: 'v1' } }, 'v1');
    const indexJob = { ...trace, article: { publishedAt: '2026-01-01T00:00:00Z' } } as unknown as JobPayloads['index'];
    await countRunPages('index', ledger)(indexJob, { result: { outcome: 'indexed', articleId: 'a', index: 'i', result: 'created' } }, 'v1');
    await countRunPages('fetch', ledger)({ ...trace, url: 'u' }, { parked: new FetchError('http-status', 'HTTP 403', false, 403) }, 'v1');
    await countRunPages('index', ledger)(indexJob, { parked: new StageError('index-rejected', 'index-rejected: x', false) }, 'v1');
    expect(calls).toEqual([
      ['step', 's', 'r1', 'v1', 'fetched'],
      ['end', 's', 'r1', 'v1', { kind: 'skipped', code: 'not-modified' }],
      ['step', 's', 'r1', 'v1', 'parsed'],
      ['end', 's', 'r1', 'v1', { kind: 'indexed', created: true, publishedAt: '2026-01-01T00:00:00Z' }],
      ['end', 's', 'r1', 'v1', { kind: 'failed', reason: 'http-403', atFetch: true }],
      ['end', 's', 'r1', 'v1', { kind: 'failed', reason: 'index-rejected', atFetch: false }],
    ]);
  });

  it('counts nothing for a page of no run, and ends a parked discover job’s run as failed', async () => {
    const { calls, ledger } = recorder();
    await countRunPages('fetch', ledger)({ visitId: 'v', requestedAt: 1, url: 'u' }, { result: { outcome: 'skipped', code: 'not-modified', reason: '' } }, 'v');
    await countRunPages('discover', ledger)({ sourceId: 's' }, { result: { outcome: 'discovered', sourceId: 's', documents: 0, found: 0, enqueued: 0, refused: [], visits: [] } }, 'run-9');
    await countRunPages('discover', ledger)({ sourceId: 's' }, { parked: new Error('redis went away') }, 'run-9');
    expect(calls).toEqual([['runFailed', 's', 'run-9', 'redis went away']]);
  });

  it('names failures by code, HTTP refusals by status, others by error name, never by message', () => {
    expect(failureReason(new FetchError('robots-disallowed', '/x', false))).toBe('robots-disallowed');
    expect(failureReason(new FetchError('http-status', 'HTTP 429', true, 429))).toBe('http-429');
    expect(failureReason(Object.assign(new Error('job stalled more than allowable limit'), { name: 'UnrecoverableError' }))).toBe('UnrecoverableError');
    expect(failureReason(new Error('anything at all'))).toBe('error');
  });
});
