import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('has defaults that work locally', () => {
    const c = loadConfig({});
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.elasticsearchUrl).toBe('http://127.0.0.1:9200');
    expect(c.apiPort).toBe(3000);
    expect(c.fetch.maxBodyBytes).toBe(5 * 1024 * 1024);
  });

  it('coerces numbers and booleans from strings', () => {
    const c = loadConfig({ API_PORT: '8080', FETCH_MAX_REDIRECTS: '2', LOG_PRETTY: 'yes' });
    expect(c.apiPort).toBe(8080);
    expect(c.fetch.maxRedirects).toBe(2);
    expect(c.logPretty).toBe(true);
  });

  it('reads the run history settings and refuses a quiet threshold past the runs kept', () => {
    expect(loadConfig({}).sourceRuns).toEqual({ kept: 20, quietRuns: 3, quietDays: 2 });
    expect(loadConfig({ SOURCE_RUNS_KEPT: '5', SOURCE_QUIET_RUNS: '5', SOURCE_QUIET_DAYS: '0.5' }).sourceRuns).toEqual({ kept: 5, quietRuns: 5, quietDays: 0.5 });
    expect(() => loadConfig({ SOURCE_RUNS_KEPT: '2', SOURCE_QUIET_RUNS: '3' })).toThrow(/sourceRuns\.quietRuns: SOURCE_QUIET_RUNS cannot be more than SOURCE_RUNS_KEPT/);
    expect(() => loadConfig({ SOURCE_RUNS_KEPT: '0' })).toThrow(/sourceRuns\.kept/);
  });

  it('names every bad variable in one error', () => {
    expect(() => loadConfig({ REDIS_URL: 'nope', API_PORT: '99999', INDEX_PREFIX: 'Bad Prefix' })).toThrow(/redisUrl[\s\S]*indexPrefix[\s\S]*apiPort|redisUrl[\s\S]*apiPort[\s\S]*indexPrefix/);
  });
});
