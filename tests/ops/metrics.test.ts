import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoArticles, startDemoSite, type DemoSite } from '../fixtures/demo-site/server';
import { startPipeline, type RunningPipeline } from '../support/pipeline';
import { isolatedConfig } from '../support/test-env';
import { sample, scrape } from './support/prometheus-text';

/** /metrics moves when the real pipeline crawls: counters and histograms rise, queue gauges follow Redis. */
describe('metrics exposed and moving after a crawl (real Redis, real Elasticsearch, real HTTP)', () => {
  const config = isolatedConfig({ FETCH_HOST_DELAY_MS: '200', FETCH_ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8' });
  let site: DemoSite;
  let pipeline: RunningPipeline;
  let metricsUrl = '';
  const crawl = (url: string) => pipeline.crawl(url);

  beforeAll(async () => {
    site = await startDemoSite();
    pipeline = await startPipeline(config, 'ops-metrics');
    metricsUrl = `${pipeline.apiUrl}/metrics`;
  });
  afterAll(async () => {
    await pipeline?.close();
    await site?.close();
  });

  it('serves Prometheus text with every metric the project defines', async () => {
    const res = await fetch(metricsUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of [
      'ingest_queue_jobs',
      'ingest_job_duration_seconds',
      'ingest_job_failures_total',
      'ingest_jobs_parked_total',
      'ingest_fetch_responses_total',
      'ingest_fetch_bytes_total',
      'ingest_extraction_warnings_total',
      'ingest_index_bulk_items_total',
      'ingest_politeness_wait_seconds',
      'ingest_freshness_seconds',
      'process_cpu_seconds_total',
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    // Every queue of the pipeline has its depth reported, even before any job.
    for (const q of ['discover', 'fetch', 'parse', 'index']) expect(text).toContain(`ingest_queue_jobs{queue="${q}",state="waiting"} 0`);
  });

  it('counts fetches, bytes, stage durations, indexed documents and freshness after a crawl', async () => {
    const before = await scrape(metricsUrl);
    const articles = await demoArticles();
    const outcomes = await Promise.all(articles.map((a) => crawl(site.url + '/' + a.path.replace(/^\//, ''))));
    expect(outcomes.map((o) => o.status)).toEqual(articles.map(() => 'indexed'));
    const refused = await crawl(site.url + '/khong-co-trang-nay.html');
    expect(refused.status).toBe('failed');
    const after = await scrape(metricsUrl);
    const rose = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);

    const n = articles.length;
    expect(rose('ingest_fetch_responses_total', { status: '200', reason: 'ok' })).toBe(n);
    expect(rose('ingest_fetch_responses_total', { status: '404', reason: 'http-status' })).toBe(1);
    expect(rose('ingest_fetch_bytes_total')).toBeGreaterThan(n * 1000);
    expect(rose('ingest_job_duration_seconds_count', { stage: 'fetch', outcome: 'handed-on' })).toBe(n);
    expect(rose('ingest_job_duration_seconds_count', { stage: 'parse', outcome: 'handed-on' })).toBe(n);
    expect(rose('ingest_job_duration_seconds_count', { stage: 'index', outcome: 'indexed' })).toBe(n);
    expect(rose('ingest_job_duration_seconds_count', { stage: 'fetch', outcome: 'failed' })).toBe(1);
    expect(rose('ingest_jobs_parked_total', { stage: 'fetch', reason: 'http-status' })).toBe(1);
    const tasks = articles.reduce((s, a) => s + a.tasks.length, 0);
    expect(rose('ingest_index_bulk_items_total', { result: 'indexed' })).toBe(n + tasks);
    expect(rose('ingest_freshness_seconds_count')).toBe(n);
    expect(rose('ingest_freshness_seconds_sum')).toBeGreaterThan(0);
    // Five pages of one host asked for at once: all but the first wait for their turn (200 ms apart).
    expect(rose('ingest_politeness_wait_seconds_count', { host: new URL(site.url).host })).toBeGreaterThanOrEqual(1);

    // Queue gauges are read from Redis at scrape time.
    expect(sample(after, 'ingest_queue_jobs', { queue: 'index', state: 'completed' })).toBe(n);
    expect(sample(after, 'ingest_queue_jobs', { queue: 'fetch', state: 'failed' })).toBe(1);
    expect(sample(after, 'ingest_queue_jobs', { queue: 'fetch', state: 'waiting' })).toBe(0);
  });
});
