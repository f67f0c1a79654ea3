import { afterAll, describe, expect, it } from 'vitest';
import { RedisKeys } from '@ingest/contracts';
import { HostGate } from '@ingest/crawl';
import { createRedisConnection } from '@ingest/queue';
import { cleanup, isolatedConfig } from '../support/test-env';

/**
 * A source may allow several requests in flight to its host (politeness.concurrency): the
 * gate in Redis then hands out that many leases at once, never more, and a lease whose
 * holder died frees its place when it expires. Without the setting it stays one at a time.
 */
describe('host gate with a concurrency of N (real Redis)', () => {
  const config = isolatedConfig();
  const redis = createRedisConnection(config.redisUrl);
  const gate = new HostGate(redis, config.queuePrefix);
  afterAll(async () => {
    redis.disconnect();
    await cleanup(config);
  });

  it('lets N requests in at once and the next one in only when one ends', async () => {
    const opts = { delayMs: 0, leaseMs: 30_000, concurrency: 3 };
    const first = await Promise.all(['a', 'b', 'c'].map((t) => gate.acquire('n.example', t, opts)));
    expect(first.map((d) => d.go)).toEqual([true, true, true]);
    const fourth = await gate.acquire('n.example', 'd', opts);
    expect(fourth.go).toBe(false);
    await gate.release('n.example', 'b');
    expect((await gate.acquire('n.example', 'd', opts)).go).toBe(true);
    expect((await gate.acquire('n.example', 'e', opts)).go).toBe(false);
  });

  it('keeps one at a time when no concurrency is given', async () => {
    const opts = { delayMs: 0, leaseMs: 30_000 };
    expect((await gate.acquire('one.example', 'a', opts)).go).toBe(true);
    expect((await gate.acquire('one.example', 'b', opts)).go).toBe(false);
    await gate.release('one.example', 'a');
    expect((await gate.acquire('one.example', 'b', opts)).go).toBe(true);
  });

  it('frees the place of a lease that expired (its holder died) for the next caller', async () => {
    const opts = { delayMs: 0, concurrency: 2 };
    expect((await gate.acquire('dead.example', 'gone', { ...opts, leaseMs: 50 })).go).toBe(true);
    expect((await gate.acquire('dead.example', 'alive', { ...opts, leaseMs: 30_000 })).go).toBe(true);
    expect((await gate.acquire('dead.example', 'next', { ...opts, leaseMs: 30_000 })).go).toBe(false);
    await new Promise((r) => setTimeout(r, 120));
    expect((await gate.acquire('dead.example', 'next', { ...opts, leaseMs: 30_000 })).go).toBe(true);
    const fields = await redis.hkeys(RedisKeys.host(config.queuePrefix, 'dead.example'));
    expect(fields.filter((f) => f.startsWith('l:')).sort()).toEqual(['l:alive', 'l:next']);
  });
});
