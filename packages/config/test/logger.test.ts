import { describe, expect, it } from 'vitest';
import { createLogger, lazyChild, maskUrlPassword } from '../src/index';

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: 'info', logPretty: false }, 'test', { write: (s: string) => void lines.push(s) });
  return { logger, text: () => lines.join('') };
}

describe('secrets never reach a log line', () => {
  it('masks the password of a URL and keeps the rest', () => {
    expect(maskUrlPassword('redis://:s3cret@redis.internal:6379/0')).toBe('redis://:***@redis.internal:6379/0');
    expect(maskUrlPassword('https://elastic:pa55@es.example:9243')).toBe('https://elastic:***@es.example:9243');
    expect(maskUrlPassword('http://127.0.0.1:9200')).toBe('http://127.0.0.1:9200');
    expect(maskUrlPassword('see redis://u:p@h:1 and http://x:y@z/')).toBe('see redis://u:***@h:1 and http://x:***@z/');
  });

  it('censors credentials by name and masks URL passwords in fields, child bindings and errors', () => {
    const { logger, text } = capture();
    logger.info({ redis: 'redis://:hunter2-redis@h:6379', headers: { authorization: 'Bearer tok-abc-123' }, token: 'tok-xyz-789', nested: { password: 'pw-456' } }, 'started');
    logger.child({ url: 'https://user:pw-in-url@news.example/a' }).info('job done');
    logger.error({ err: new Error('connect failed for redis://:hunter2-err@h:6379') }, 'worker error');
    const out = text();
    for (const secret of ['hunter2-redis', 'tok-abc-123', 'tok-xyz-789', 'pw-456', 'pw-in-url', 'hunter2-err']) expect(out).not.toContain(secret);
    expect(out).toContain('redis://:***@h:6379');
    expect(out).toContain('https://user:***@news.example/a');
    expect(out).toContain('"authorization":"[redacted]"');
  });

  it('keeps job context on every line of a child logger', () => {
    const { logger, text } = capture();
    const job = logger.child({ stage: 'fetch', jobId: 'v1', url: 'https://news.example/a', sourceId: 'demo' });
    job.info('one');
    job.warn('two');
    const lines = text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatchObject({ stage: 'fetch', jobId: 'v1', url: 'https://news.example/a', sourceId: 'demo' });
  });

  it('a lazy child binds its context only when a line at an enabled level is written', () => {
    const { logger, text } = capture();
    let made = 0;
    const log = lazyChild(logger, () => (made++, { stage: 'index', jobId: 'v2', url: 'https://u:pw-lazy@news.example/b' }));
    log.debug('below the level');
    expect(made).toBe(0);
    expect(text()).toBe('');
    log.info({ ms: 3 }, 'job done');
    log.warn('again');
    expect(made).toBe(1);
    const lines = text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(['job done', 'again']);
    for (const l of lines) expect(l).toMatchObject({ stage: 'index', jobId: 'v2', url: 'https://u:***@news.example/b' });
    expect(lines[0]).toMatchObject({ ms: 3 });
  });
});
