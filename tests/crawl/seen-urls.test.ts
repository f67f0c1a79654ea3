import { afterAll, describe, expect, it } from 'vitest';
import { SeenUrls, type DiscoveredUrl } from '@ingest/crawl';
import { createRedisConnection } from '@ingest/queue';
import { cleanup, isolatedConfig } from '../support/test-env';

type Redis = ReturnType<typeof createRedisConnection>;

/**
 * The memory of what a source's runs enqueued, shared by every fetcher replica: a URL is
 * admitted once, and again only when its listing says it changed — by one replica only,
 * however their calls interleave.
 */
describe('seen URLs shared by fetcher replicas (real Redis)', () => {
  const config = isolatedConfig();
  // One connection per replica, as two fetcher processes would have.
  const connections = [createRedisConnection(config.redisUrl), createRedisConnection(config.redisUrl)];
  const [replicaA, replicaB] = connections.map((c) => new SeenUrls(c, config.queuePrefix)) as [SeenUrls, SeenUrls];
  let sources = 0;
  const newSource = () => `source-${++sources}`;

  afterAll(async () => {
    for (const c of connections) c.disconnect();
    await cleanup(config);
  });

  const urls = (n: number, lastmod?: string): DiscoveredUrl[] =>
    Array.from({ length: n }, (_, i) => ({ url: `https://news.example/a-${i}.html`, ...(lastmod ? { lastmod } : {}) }));
  const remembered = (sourceId: string) => connections[0]!.hgetall(`${config.queuePrefix}:seen:${sourceId}`);

  it('two replicas admitting the same URLs at once admit each URL once, and once again when it changed', async () => {
    for (let round = 0; round < 20; round++) {
      const sourceId = newSource();
      for (const lastmod of ['2024-05-01T08:00:00Z', '2024-05-02T08:00:00Z']) {
        const candidates = urls(50, lastmod);
        const [a, b] = await Promise.all([replicaA.admitNewOrChanged(sourceId, candidates), replicaB.admitNewOrChanged(sourceId, candidates)]);
        const admitted = [...a, ...b].map((c) => c.url).sort();
        expect(admitted).toEqual(candidates.map((c) => c.url).sort());
      }
      expect(Object.values(await remembered(sourceId))).toEqual(Array(50).fill('2024-05-02T08:00:00Z'));
    }
  });

  it('admits a known URL only for a newer lastmod: dates compare as times, other strings when they differ', async () => {
    const sourceId = newSource();
    const admit = async (url: string, lastmod?: string) => (await replicaA.admitNewOrChanged(sourceId, [{ url, ...(lastmod !== undefined ? { lastmod } : {}) }])).length === 1;

    expect(await admit('https://x.example/dated', '2024-05-01T08:00:00Z')).toBe(true); // never seen
    expect(await admit('https://x.example/dated', '2024-05-01T08:00:00Z')).toBe(false); // same
    expect(await admit('https://x.example/dated', '2024-05-01T15:00:00+07:00')).toBe(false); // the same time, written differently
    expect(await admit('https://x.example/dated', '2024-04-30T08:00:00Z')).toBe(false); // older
    expect(await admit('https://x.example/dated')).toBe(false); // listed without a lastmod
    expect(await admit('https://x.example/dated', 'Thu, 02 May 2024 08:00:00 GMT')).toBe(true); // newer, in another format
    expect((await remembered(sourceId))['https://x.example/dated']).toBe('Thu, 02 May 2024 08:00:00 GMT');

    expect(await admit('https://x.example/undated')).toBe(true); // never seen, remembered with an empty lastmod
    expect(await admit('https://x.example/undated')).toBe(false);
    expect(await admit('https://x.example/undated', '2024-05-01')).toBe(true); // a lastmod where there was none
    expect(await admit('https://x.example/undated', '2024-05-01')).toBe(false);

    expect(await admit('https://x.example/odd', 'yesterday')).toBe(true);
    expect(await admit('https://x.example/odd', 'yesterday')).toBe(false);
    expect(await admit('https://x.example/odd', 'today')).toBe(true); // not dates: admitted when they differ
    expect(await admit('https://x.example/odd', '2024-05-01')).toBe(true); // one side not a date
    expect(await admit('https://x.example/odd', 'today')).toBe(true);

    expect(await replicaA.admitNewOrChanged(sourceId, [])).toEqual([]);
  });

  it('decides again on what another replica stored between its read and its write', async () => {
    const sourceId = newSource();
    const url = 'https://news.example/contested.html';
    await replicaA.admitNewOrChanged(sourceId, [{ url, lastmod: '2024-05-01T08:00:00Z' }]);
    // Replica B reads, then replica A stores a newer lastmod before B writes.
    const interleaved = interleaveAfterFirstRead(connections[1]!, () => replicaA.admitNewOrChanged(sourceId, [{ url, lastmod: '2024-05-03T08:00:00Z' }]));
    const late = new SeenUrls(interleaved, config.queuePrefix);
    expect(await late.admitNewOrChanged(sourceId, [{ url, lastmod: '2024-05-02T08:00:00Z' }])).toEqual([]);
    expect((await remembered(sourceId))[url]).toBe('2024-05-03T08:00:00Z');

    // And one that is newer still is admitted on the second read.
    const again = new SeenUrls(interleaveAfterFirstRead(connections[1]!, () => replicaA.admitNewOrChanged(sourceId, [{ url, lastmod: '2024-05-04T08:00:00Z' }])), config.queuePrefix);
    expect(await again.admitNewOrChanged(sourceId, [{ url, lastmod: '2024-05-05T08:00:00Z' }])).toEqual([{ url, lastmod: '2024-05-05T08:00:00Z' }]);
    expect((await remembered(sourceId))[url]).toBe('2024-05-05T08:00:00Z');
  });
});

/** The connection, with `between` run once right after its first HMGET answered. */
function interleaveAfterFirstRead(redis: Redis, between: () => Promise<unknown>): Redis {
  let done = false;
  return new Proxy(redis, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop !== 'hmget' || done) return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        const read = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        done = true;
        await between();
        return read;
      };
    },
  });
}
