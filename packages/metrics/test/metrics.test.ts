import { describe, expect, it } from 'vitest';
import { StageError } from '@ingest/contracts';
import { metrics, observeQueues, reasonClass, registry, renderMetrics, warningClass } from '../src/index';

const value = async (name: string, labels: Record<string, string> = {}) => {
  const m = await registry.getSingleMetric(name.replace(/_count$/, ''))!.get();
  return m.values
    .filter((v) => (v.metricName ?? name) === name && Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((s, v) => s + v.value, 0);
};

describe('failure and warning classes stay few', () => {
  it('takes the code our errors carry, or a library error name, never the text', () => {
    expect(reasonClass(new StageError('http-status', 'http-status: HTTP 404 for http://x/y', false))).toBe('http-status');
    expect(reasonClass(new StageError('page-expired', 'page-expired: raw page gone', false))).toBe('page-expired');
    expect(reasonClass(new StageError('read-timeout', 'no byte for 15 s', true))).toBe('read-timeout');
    expect(reasonClass(new Error('http-status: HTTP 404 for http://x/y'))).toBe('error');
    expect(reasonClass(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9200'), { name: 'ConnectionError' }))).toBe('ConnectionError');
    expect(reasonClass(new Error('Something broke: badly'))).toBe('error');
    expect(reasonClass('thrown string')).toBe('error');
  });

  it('drops the particulars of an extractor warning', () => {
    expect(warningClass('announced 6 tasks but found 5')).toBe('announced N tasks but found N');
    expect(warningClass('json-ld: unparseable script skipped')).toBe('json-ld');
    expect(warningClass('timezone option "+25:00" not understood; ignored')).toBe('timezone option "…" not understood; ignored');
  });
});

describe('the registry', () => {
  it('counts what the recording helpers are given', async () => {
    const before = await value('ingest_fetch_responses_total', { status: '200', reason: 'ok' });
    const bytesBefore = await value('ingest_fetch_bytes_total');
    metrics.fetchOutcome(200, 'ok', 1234);
    metrics.fetchOutcome(undefined, 'connect-timeout');
    expect(await value('ingest_fetch_responses_total', { status: '200', reason: 'ok' })).toBe(before + 1);
    expect(await value('ingest_fetch_responses_total', { status: 'none', reason: 'connect-timeout' })).toBe(1);
    expect(await value('ingest_fetch_bytes_total')).toBe(bytesBefore + 1234);

    metrics.jobFailed('fetch', new StageError('http-status', 'http-status: HTTP 404', false), true);
    expect(await value('ingest_jobs_parked_total', { stage: 'fetch', reason: 'http-status' })).toBe(1);
    metrics.bulkItems(3, 1);
    expect(await value('ingest_index_bulk_items_total', { result: 'failed' })).toBe(1);
    metrics.indexedFreshness(Date.now() - 2_000);
    expect(await value('ingest_freshness_seconds_count')).toBe(1);
  });

  it('reads queue counts at scrape time and stops when told', async () => {
    let waiting = 5;
    const queue = { name: 'fetch', getJobCounts: async () => ({ waiting, active: 2, failed: 1 }) };
    const stop = observeQueues([queue]);
    expect((await renderMetrics()).body).toContain('ingest_queue_jobs{queue="fetch",state="waiting"} 5');
    waiting = 7;
    const text = (await renderMetrics()).body;
    expect(text).toContain('ingest_queue_jobs{queue="fetch",state="waiting"} 7');
    expect(text).toContain('ingest_queue_jobs{queue="fetch",state="delayed"} 0');
    stop();
    expect((await renderMetrics()).body).not.toContain('ingest_queue_jobs{queue="fetch"');
  });

  it('caps the distinct values of a label', () => {
    for (let i = 0; i < 100; i++) metrics.politenessWait(`host${i}.example`, 0.1);
    return renderMetrics().then(({ body }) => {
      expect(body).toContain('host="other"');
      expect(body).not.toContain('host="host99.example"');
    });
  });
});
