import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasTargets, createSearchClient, ensureIndices, writeArticles } from '@ingest/search';
import { cleanup, isolatedConfig } from '../support/test-env';
import { article, doc, seedArticle } from './corpus';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `ingest search` with filters and `ingest reindex`, as separate processes against a real Elasticsearch. */
describe('ingest search / ingest reindex', () => {
  const config = isolatedConfig();
  const env = { ...process.env, ELASTICSEARCH_URL: config.elasticsearchUrl, REDIS_URL: config.redisUrl, INDEX_PREFIX: config.indexPrefix, QUEUE_PREFIX: config.queuePrefix, LOG_PRETTY: 'false' };
  const ingest = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], { cwd: ROOT, env, timeout: 90_000 });
  const es = createSearchClient(config.elasticsearchUrl);

  beforeAll(async () => {
    const names = await ensureIndices(es, config.indexPrefix);
    await writeArticles(
      es,
      names,
      [
        doc('https://laodong.vn/seed', seedArticle(), '2024-01-01T00:00:00Z', 'laodong.vn'),
        ...Array.from({ length: 12 }, (_, i) =>
          doc(`https://port.example/${i}`, article({ title: `Harbour note ${i}`, language: 'en', publishedAt: `2024-0${1 + (i % 3)}-15T08:00:00Z` }), '2024-01-01T00:00:00Z', 'port.example'),
        ),
      ],
      { refresh: true },
    );
  });
  afterAll(async () => {
    await es.close();
    await cleanup(config);
  });

  it('finds the seed without diacritics and prints its tasks, with matches in the text', async () => {
    const { stdout } = await ingest('search', 'nhiem vu trong tam');
    expect(stdout).toMatch(/^1 matching article\(s\)/);
    expect(stdout).toContain('6 nhiệm vụ trọng tâm công tác dân vận năm 2022');
    expect(stdout).toMatch(/6 task\(s\) \(announced: 6\)/);
    expect(stdout).not.toContain('<mark>');
  });

  it('filters by source, language and dates, sorts by date, pages with --after', async () => {
    const bySource = JSON.parse((await ingest('search', '--json', '--source', 'port.example', '--since', '2024-02-01', '--until', '2024-02-28', 'harbour')).stdout);
    expect(bySource.total).toBe(4);
    expect(JSON.parse((await ingest('search', '--json', '--language', 'vi', 'harbour')).stdout).total).toBe(0);
    const first = JSON.parse((await ingest('search', '--json', '--sort', 'date', '--size', '8', '--source', 'port.example')).stdout);
    expect(first.hits).toHaveLength(8);
    const second = JSON.parse((await ingest('search', '--json', '--sort', 'date', '--size', '8', '--source', 'port.example', '--after', first.next)).stdout);
    expect(second.hits).toHaveLength(4);
    expect(new Set([...first.hits, ...second.hits].map((h: { id: string }) => h.id)).size).toBe(12);
    const text = (await ingest('search', '--sort', 'date', '--size', '8', '--source', 'port.example')).stdout;
    expect(text).toMatch(/more: --after \S+/);
  });

  it('searches tasks without diacritics', async () => {
    const { stdout } = await ingest('search', '--tasks', 'phan bien xa hoi');
    expect(stdout).toMatch(/#6 \[Thứ sáu\] thực hiện có hiệu quả công tác giám sát và phản biện xã hội/);
  });

  it('refuses a bad date with a message and exit code 2', async () => {
    const err = await ingest('search', '--since', 'last tuesday', 'x').then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toMatch(/since must be an ISO date/);
  });

  it('reindex moves the aliases to the next version and the search still finds everything', async () => {
    const { stdout } = await ingest('reindex');
    expect(stdout).toMatch(new RegExp(`${config.indexPrefix}-articles: ${config.indexPrefix}-articles-v1 → ${config.indexPrefix}-articles-v2, 13 copied, 0 already newer`));
    expect(stdout).toMatch(new RegExp(`${config.indexPrefix}-tasks-v1 → ${config.indexPrefix}-tasks-v2, 6 copied`));
    expect(await aliasTargets(es, `${config.indexPrefix}-articles`)).toEqual([`${config.indexPrefix}-articles-v2`]);
    expect(JSON.parse((await ingest('search', '--json', 'harbour | nhiem')).stdout).total).toBe(13);
  });
});
