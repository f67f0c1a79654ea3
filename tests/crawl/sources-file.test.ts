import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QueueName } from '@ingest/contracts';
import { startFetcher } from '@ingest/fetcher';
import { createRedisConnection, openQueue } from '@ingest/queue';
import { schedulerId, SourceRegistry } from '@ingest/sources';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';

/** SOURCES_FILE: definitions a deployment keeps in a file, loaded into Redis by the fetcher at start. */
describe('SOURCES_FILE (real Redis)', () => {
  const base = isolatedConfig();
  const connection = createRedisConnection(base.redisUrl);
  const settings = { connection, prefix: base.queuePrefix };
  const registry = new SourceRegistry(connection, settings);
  const discoverQueue = openQueue(QueueName.discover, settings);
  const stops: { close(): Promise<unknown> }[] = [];
  afterAll(async () => {
    for (const s of stops) await s.close();
    await registry.close();
    await discoverQueue.close();
    connection.disconnect();
    await cleanup(base);
  });

  it('loads and schedules the file’s sources; a bad file leaves the fetcher running but not ready', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sources-file-'));
    const good = join(dir, 'sources.json');
    await writeFile(good, JSON.stringify({ sources: [{ id: 'tu-file', name: 'Từ file', sitemaps: ['https://bao.example/sitemap.xml'], schedule: { cron: '*/10 * * * *' } }] }));
    const fetcher = startFetcher({ ...base, sourcesFile: good }, testLogger(base, 'sources-file'));
    stops.push(fetcher);
    let source = null;
    for (let i = 0; i < 100 && !source; i++) {
      await new Promise((r) => setTimeout(r, 50));
      source = await registry.get('tu-file');
    }
    expect(source).toMatchObject({ name: 'Từ file', nextRunAt: expect.any(String) });
    expect(await discoverQueue.getJobScheduler(schedulerId('tu-file'))).toMatchObject({ pattern: '*/10 * * * *' });
    expect(await fetcher.ready()).toMatchObject({ sources: true });

    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, '- id: Nope\n  name: x\n');
    const broken = startFetcher({ ...base, sourcesFile: bad }, testLogger(base, 'sources-file'));
    stops.push(broken);
    let ready = await broken.ready();
    for (let i = 0; i < 100 && (ready as { sources: boolean }).sources; i++) {
      await new Promise((r) => setTimeout(r, 50));
      ready = await broken.ready();
    }
    expect(ready).toMatchObject({ redis: true, sources: false });
  });
});
