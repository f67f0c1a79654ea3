import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { articleIdFor, createSearchClient, ensureIndices, writeArticles, type ArticleDocument } from '@ingest/search';
import { buildApi } from '@ingest/api';
import { cleanup, isolatedConfig, testLogger } from '../support/test-env';
import { article, doc, seed, seedArticle } from './corpus';

interface Hit {
  id: string;
  title: string;
  source: string;
  language: string;
  publishedAt: string | null;
  authors: string[];
  taskCount: number;
  tasks: { ordinal: number; marker: string; text: string }[];
  highlights: Record<string, string[]>;
  matchedTasks: { ordinal: number; highlights: string[] }[];
}
interface Page<T = Hit> {
  total: number;
  hits: T[];
  next: string | null;
  facets?: { sources: { value: string; count: number }[]; languages: { value: string; count: number }[]; published: { date: string; count: number }[] };
}

const SEED_URL = 'https://laodong.vn/thoi-su/6-nhiem-vu-trong-tam-1000001.ldo';
const ASCII_URL = 'https://blog.example/nhiem-vu';
const HARBOUR = 25;

/** GET /search, /tasks/search, /articles/:id and /docs against a real Elasticsearch. */
describe('search API: folding, filters, paging, highlights, facets, hostile input (real Elasticsearch)', () => {
  const config = isolatedConfig();
  const es = createSearchClient(config.elasticsearchUrl);
  let api: FastifyInstance;
  let base: string;
  const get = async <T = Page>(path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(base + path);
    return { status: res.status, body: (await res.json()) as T };
  };
  const search = async (qs: Record<string, string>) => {
    const res = await get(`/search?${new URLSearchParams(qs)}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    const names = await ensureIndices(es, config.indexPrefix);
    const docs: ArticleDocument[] = [
      doc(SEED_URL, seedArticle(), '2024-01-01T00:00:00Z', 'laodong.vn'),
      // The same words typed without diacritics, as on a blog without a Vietnamese keyboard.
      doc(ASCII_URL, article({ title: 'Ghi chep: nhiem vu trong tam nam moi', lead: 'Mot bai viet khong dau.', language: 'vi', publishedAt: '2022-02-01T09:00:00+07:00', authors: ['Pham Dong'] }), '2024-01-01T00:00:00Z', 'blog.example'),
      ...Array.from({ length: HARBOUR }, (_, i) =>
        doc(
          `https://port.example/harbour/${i}`,
          article({
            title: `Harbour report ${i}`,
            lead: `Ships and cranes at the harbour, day ${i}.`,
            body: `The harbour authority counted ${i * 3} ships. Cranes worked through the night.`,
            authors: [i % 2 ? 'Jane Doe' : 'John Roe'],
            publishedAt: new Date(Date.UTC(2024, Math.floor(i / 10), 1 + (i % 10), 8)).toISOString(),
            tasks: i % 5 === 0 ? [{ ordinal: 1, marker: 'First', text: `dredge berth ${i}`, paragraphs: 1 }] : [],
          }),
          '2024-06-01T00:00:00Z',
          'port.example',
        ),
      ),
    ];
    const outcomes = await writeArticles(es, names, docs, { refresh: true });
    expect(outcomes.filter((o) => !('result' in o))).toEqual([]);
    api = await buildApi(config, testLogger(config, 'search-api'));
    base = await api.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await api?.close();
    await es.close();
    await cleanup(config);
  });

  describe('diacritic-insensitive matching', () => {
    it('finds "nhiệm vụ trọng tâm" when typed without diacritics', async () => {
      const page = await search({ q: 'nhiem vu trong tam' });
      expect(page.hits.map((h) => h.id)).toContain(articleIdFor(SEED_URL));
      expect(page.total).toBe(2);
    });

    it('ranks the exact diacritics higher than a folded-only match', async () => {
      const exact = await search({ q: 'nhiệm vụ trọng tâm' });
      expect(exact.hits.map((h) => h.id)).toEqual([articleIdFor(SEED_URL), articleIdFor(ASCII_URL)]);
      // …and the other way round for the words as the blog wrote them.
      const ascii = await search({ q: 'nhiem vu trong tam nam moi' });
      expect(ascii.hits[0]!.id).toBe(articleIdFor(ASCII_URL));
    });

    it('matches decomposed (NFD) input and mixed-case input alike', async () => {
      const nfd = await search({ q: 'nhiệm vụ trọng tâm'.normalize('NFD') });
      const upper = await search({ q: 'NHIỆM VỤ TRỌNG TÂM' });
      expect(nfd.hits[0]!.id).toBe(articleIdFor(SEED_URL));
      expect(upper.hits[0]!.id).toBe(articleIdFor(SEED_URL));
    });

    it('finds a task by its words without diacritics, with the article around it', async () => {
      const res = await get<Page<{ ordinal: number; marker: string; articleTitle: string; highlights: Record<string, string[]> }>>(`/tasks/search?q=${encodeURIComponent('giam sat va phan bien xa hoi')}`);
      expect(res.status).toBe(200);
      expect(res.body.hits[0]).toMatchObject({ ordinal: 6, marker: 'Thứ sáu', articleTitle: seed.title });
      // The words are marked in the original text; found as a phrase, they are one mark.
      expect(res.body.hits[0]!.highlights.text![0]).toContain('<mark>giám sát và phản biện xã hội</mark>');
    });
  });

  describe('highlights', () => {
    it('marks the original text even when the match was on the folded copy', async () => {
      const page = await search({ q: 'trong tam' });
      const hit = page.hits.find((h) => h.id === articleIdFor(SEED_URL))!;
      expect(hit.highlights.title).toEqual(['6 nhiệm vụ <mark>trọng</mark> <mark>tâm</mark> công tác dân vận năm 2022']);
      expect(hit.matchedTasks.map((t) => t.ordinal)).toContain(1);
      expect(hit.matchedTasks.find((t) => t.ordinal === 1)!.highlights[0]).toMatch(/<mark>trọng(<\/mark> <mark>| )tâm<\/mark>/);
    });

    it('escapes HTML in the highlighted text', async () => {
      const names = await ensureIndices(es, config.indexPrefix);
      await writeArticles(es, names, [doc('https://xss.example/a', article({ title: 'Cranes <script>alert(1)</script> zebra' }))], { refresh: true });
      const page = await search({ q: 'zebra' });
      expect(page.hits[0]!.highlights.title![0]).toBe('Cranes &lt;script&gt;alert(1)&lt;&#x2F;script&gt; <mark>zebra</mark>');
    });
  });

  describe('filters', () => {
    it('by source and language', async () => {
      expect((await search({ q: 'harbour', source: 'port.example' })).total).toBe(HARBOUR);
      expect((await search({ q: 'harbour', source: 'laodong.vn' })).total).toBe(0);
      expect((await search({ source: 'laodong.vn,blog.example', language: 'vi' })).total).toBe(2);
      expect((await search({ language: 'vi', q: 'harbour' })).total).toBe(0);
    });

    it('by author, diacritics optional', async () => {
      const page = await search({ author: 'pham dong' });
      expect(page.hits.map((h) => h.id).sort()).toEqual([articleIdFor(SEED_URL), articleIdFor(ASCII_URL)].sort());
      expect((await search({ author: 'Jane Doe', q: 'harbour' })).total).toBe(12);
    });

    it('by publication date range, a bare "until" date covering its whole day', async () => {
      expect((await search({ q: 'harbour', since: '2024-02-01', until: '2024-02-28' })).total).toBe(10);
      // 2024-01-10T08:00Z is the last harbour report of January: included by until=2024-01-10.
      expect((await search({ q: 'harbour', until: '2024-01-10' })).total).toBe(10);
      expect((await search({ q: 'harbour', since: '2024-03-01T00:00:00Z' })).total).toBe(5);
    });

    it('by having numbered tasks', async () => {
      expect((await search({ q: 'harbour', hasTasks: 'true' })).total).toBe(5);
      expect((await search({ q: 'harbour', hasTasks: 'false' })).total).toBe(HARBOUR - 5);
    });
  });

  describe('paging', () => {
    it('walks past the first page with search_after cursors, sorted by date, without repeats or gaps', async () => {
      const seen: Hit[] = [];
      let next: string | null = null;
      let pages = 0;
      do {
        const page: Page = await search({ q: 'harbour', sort: 'date', size: '10', ...(next ? { after: next } : {}) });
        expect(page.total).toBe(HARBOUR);
        seen.push(...page.hits);
        next = page.next;
        pages++;
      } while (next && pages < 10);
      expect(pages).toBe(3);
      expect(new Set(seen.map((h) => h.id)).size).toBe(HARBOUR);
      const dates = seen.map((h) => Date.parse(h.publishedAt!));
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
    });

    it('pages by relevance too, and with from/size', async () => {
      const first = await search({ q: 'harbour cranes', size: '20' });
      const second = await search({ q: 'harbour cranes', size: '20', after: first.next! });
      expect(first.hits).toHaveLength(20);
      expect(second.hits).toHaveLength(HARBOUR - 20);
      expect(second.next).toBeNull();
      expect(new Set([...first.hits, ...second.hits].map((h) => h.id)).size).toBe(HARBOUR);
      const offset = await search({ q: 'harbour cranes', size: '5', from: '20' });
      expect(offset.hits.map((h) => h.id)).toEqual(second.hits.map((h) => h.id));
    });
  });

  it('returns facets: sources, languages and a publication-date histogram', async () => {
    const page = await search({ q: 'harbour | nhiem' });
    expect(page.facets!.sources).toEqual(expect.arrayContaining([{ value: 'port.example', count: HARBOUR }, { value: 'laodong.vn', count: 1 }]));
    expect(page.facets!.languages).toEqual(expect.arrayContaining([{ value: 'en', count: HARBOUR }, { value: 'vi', count: 2 }]));
    expect(page.facets!.published).toEqual(expect.arrayContaining([{ date: '2024-01', count: 10 }, { date: '2024-02', count: 10 }, { date: '2024-03', count: 5 }, { date: '2021-12', count: 1 }]));
    const yearly = await search({ q: 'harbour', interval: 'year' });
    expect(yearly.facets!.published).toEqual([{ date: '2024', count: HARBOUR }]);
  });

  it('GET /articles/:id returns the article with its body and numbered tasks, without the folded copies', async () => {
    const res = await get<Record<string, unknown> & { tasks: { ordinal: number; marker: string }[] }>(`/articles/${articleIdFor(SEED_URL)}`);
    expect(res.status).toBe(200);
    expect(res.body.title).toBe(seed.title);
    expect(String(res.body.body)).toContain(seed.bodyParagraphs[1]!);
    expect(res.body.tasks.map((t) => t.ordinal)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Object.keys(res.body).filter((k) => k.endsWith('_folded'))).toEqual([]);
    expect(Object.keys(res.body.tasks[0]!)).not.toContain('text_folded');
    expect((await get(`/articles/nope`)).status).toBe(404);
  });

  describe('hostile query strings get results or a 400, never a 500', () => {
    const hostile = [
      '"', '"unbalanced', '((((', ')))', '[', ']', '{}', '\\', '/', '*', '?', '~', '-', '+', '|', '&&', '!', '^2', ':',
      'title:(x', 'a AND OR NOT b', '"nhiệm vụ', '-(-(-)', '*:*', 'tasks.text:"x"', '\u0000', '\u202e\u200b', '😀🇻🇳', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
      'ﷺ', 'ℌ', 'Ω≈ç√∫', '<script>alert(1)</script>', "' OR 1=1 --", '%', '%%', 'a'.repeat(1999), 'nhiệm '.repeat(300),
      '~'.repeat(500), '"'.repeat(700), '*'.repeat(900), 'x~2000', 'a*b*c*d*e*f*g', 'null', 'undefined', '{"match_all":{}}',
    ];
    it.each(hostile.map((q) => [JSON.stringify(q).slice(0, 40), q]))('q=%s', async (_label, q) => {
      for (const path of ['/search', '/tasks/search']) {
        const res = await fetch(`${base}${path}?q=${encodeURIComponent(q)}`);
        expect([200, 400]).toContain(res.status);
        const body = (await res.json()) as { total?: number; error?: string };
        if (res.status === 200) expect(typeof body.total).toBe('number');
        else expect(body.error).toBeTruthy();
      }
    });

    it('raw bytes that are not UTF-8, lone surrogates, huge input and bad parameters', async () => {
      const raw = ['q=%ED%A0%80', 'q=%FF%FE', 'q=%E0%A4', 'q=%uD800', `q=${'b'.repeat(5000)}`, 'size=abc', 'size=100000', 'from=-1', 'after=not-a-cursor', 'after=W10', 'since=yesterday', 'until=2024-13-45', 'sort=random', 'hasTasks=maybe', 'interval=century', 'unknown=1', 'source=' + 'x,'.repeat(900), 'q=a&q=b'];
      for (const qs of raw) {
        for (const path of ['/search', '/tasks/search']) {
          if (path === '/tasks/search' && /hasTasks|interval/.test(qs)) continue;
          const res = await fetch(`${base}${path}?${qs}`);
          expect([200, 400], `${path}?${qs.slice(0, 60)} → ${res.status}`).toContain(res.status);
        }
      }
      expect((await fetch(`${base}/search?size=abc`)).status).toBe(400);
      expect((await fetch(`${base}/search?q=${'b'.repeat(5000)}`)).status).toBe(400);
      expect((await fetch(`${base}/search?after=not-a-cursor`)).status).toBe(400);
      expect((await fetch(`${base}/search?since=yesterday`)).status).toBe(400);
    });
  });

  it('publishes the routes and their schemas as OpenAPI at /docs', async () => {
    const spec = (await get<{ openapi: string; paths: Record<string, { get?: { parameters?: { name: string }[]; responses?: Record<string, unknown> } }> }>('/docs/json')).body;
    expect(spec.openapi).toMatch(/^3\./);
    const params = spec.paths['/search']!.get!.parameters!.map((p) => p.name);
    expect(params).toEqual(expect.arrayContaining(['q', 'size', 'from', 'after', 'sort', 'source', 'language', 'author', 'since', 'until', 'hasTasks']));
    expect(Object.keys(spec.paths['/search']!.get!.responses!)).toEqual(expect.arrayContaining(['200', '400']));
    expect(spec.paths['/tasks/search']).toBeDefined();
    expect(spec.paths['/articles/{id}']).toBeDefined();
    expect(Object.keys(spec.paths).some((p) => p.startsWith('/admin/queues'))).toBe(false);
    const ui = await fetch(`${base}/docs`, { redirect: 'follow' });
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });
});
