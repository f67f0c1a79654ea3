import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from '@ingest/crawl';
import { extract } from '@ingest/extract';
import type { VisitOutcome } from '@ingest/queue';
import { unknownWarnings } from '../support/extract-warnings';
import { startPipeline, type RunningPipeline } from '../support/pipeline';
import { isolatedConfig } from '../support/test-env';
import { FAKE, NORMAL_PAGE, nastyPages, type NastyPage } from './support/nasty-pages';

/**
 * Hostile pages (generated at test time, see support/nasty-pages.ts): 100,000 nested tags, a
 * 5 MB line, invalid UTF-8, mixed encodings, NUL bytes, huge attributes, a 20,000-row table,
 * fake article text in invisible places, an image-only page, 50,000 links. In process, extract()
 * must not fail on any nor take the invisible text; through the real pipeline each must end
 * indexed, skipped or failed with a reason — never lost — and a normal page after them is indexed.
 * Times are printed, never asserted.
 */
const pages = nastyPages();


describe('nasty pages, in process: extract() neither fails nor reads invisible text', () => {
  it.each(pages.map((p) => [p.name, p] as const))('%s', (_name, page: NastyPage) => {
    const t0 = performance.now();
    const { text, charset } = decodeBody(page.body, page.contentType);
    const a = extract(text, `https://bao.example.vn/nasty/${page.name}.html`);
    const ms = performance.now() - t0;
    console.log(`[nasty] ${page.name}: ${(page.body.length / 1024).toFixed(0)} KB, ${charset}, decode + extract ${ms.toFixed(0)} ms, body ${a.body.length} chars, warnings: ${a.warnings.join('; ') || 'none'}`);
    expect(typeof a.body).toBe('string');
    expect(unknownWarnings(a.warnings)).toEqual([]);
    for (const field of [a.title, a.lead, a.body, ...a.tasks.map((t) => t.text)]) expect(field).not.toContain(FAKE);
    if (page.article) expect(a.body).toContain(page.article);
  });
});

describe('nasty pages through the real pipeline (real Redis, real Elasticsearch)', () => {
  const config = isolatedConfig({ FETCH_READ_TIMEOUT_MS: '10000' });
  let pipeline: RunningPipeline;
  let server: http.Server;
  let base = '';

  beforeAll(async () => {
    const byPath = new Map(pages.map((p) => [`/nasty/${p.name}`, p]));
    server = http.createServer((req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(404).end();
      if (req.url === '/normal') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(NORMAL_PAGE);
      const page = byPath.get(req.url ?? '');
      if (!page) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': page.contentType, 'content-length': page.body.length }).end(page.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    pipeline = await startPipeline(config, 'nasty-pages');
  });

  afterAll(async () => {
    await pipeline?.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('each ends indexed, skipped or failed with a reason; none is lost; indexed bodies hold no invisible text; a normal page after them is indexed', async () => {
    const t0 = performance.now();
    const outcomes = await Promise.all(
      pages.map(async (p) => {
        const started = performance.now();
        // A throw from following the visit is reported with the page's name (and fails the test below).
        const o = await pipeline.crawl(`${base}/nasty/${p.name}`, 240_000).catch((err: Error): VisitOutcome => ({ status: 'lost', reason: err.stack ?? String(err) }) as never);
        return [p.name, o, performance.now() - started] as [string, VisitOutcome, number];
      }),
    );
    console.log(`[nasty pipeline] ${pages.length} pages crawled in ${(performance.now() - t0).toFixed(0)} ms`);
    for (const [name, o, ms] of outcomes) {
      const detail = o.status === 'indexed' ? o.result : o.status === 'skipped' ? `${o.code}: ${o.reason}` : `${o.stage}: ${o.reason}`;
      console.log(`[nasty pipeline] ${name}: ${o.status} after ${ms.toFixed(0)} ms (${detail.slice(0, 200)})`);
      expect(['indexed', 'skipped', 'failed'], name).toContain(o.status);
      // followVisit gives up with "timed out waiting" when a job neither ends nor fails: that is a lost page.
      if (o.status === 'failed') {
        expect(o.reason, name).toBeTruthy();
        expect(o.reason, name).not.toMatch(/timed out waiting|not found in queue|disappeared/);
      }
      if (o.status === 'skipped') expect(o.reason, name).toBeTruthy();
      if (o.status === 'indexed') {
        const doc = (await (await fetch(`${pipeline.apiUrl}/articles/${o.articleId}`)).json()) as { title?: string; body?: string };
        expect(doc.body ?? '', name).not.toContain(FAKE);
        expect(doc.title ?? '', name).not.toContain(FAKE);
      }
    }
    // The pages with real article text in them are articles, whatever surrounds it.
    for (const p of pages.filter((x) => x.article)) expect(outcomes.find(([n]) => n === p.name)?.[1].status, p.name).toBe('indexed');

    const normal = await pipeline.crawl(`${base}/normal`, 120_000);
    expect(normal).toMatchObject({ status: 'indexed' });
  });
});
