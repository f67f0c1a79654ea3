import { describe, expect, it } from 'vitest';
import type { DiscoverJob, DiscoverResult } from '@ingest/contracts';
import { FetchError, type DiscoveredUrl } from '@ingest/crawl';
import type { VisitRequest } from '@ingest/queue';
import { discoverStage } from '../src/stages/discover-stage';
import { context, page, scriptedFetcher, source } from './fakes';

const SITE = 'https://news.example';
const rss = (...paths: string[]) => `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${paths.map((p) => `<item><title>${p}</title><link>${SITE}${p}</link></item>`).join('')}</channel></rss>`;
const sitemapIndex = (...children: { path: string; lastmod?: string }[]) =>
  `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${children.map((c) => `<sitemap><loc>${SITE}${c.path}</loc>${c.lastmod ? `<lastmod>${c.lastmod}</lastmod>` : ''}</sitemap>`).join('')}</sitemapindex>`;
const urlset = (...paths: string[]) => `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((p) => `<url><loc>${SITE}${p}</loc></url>`).join('')}</urlset>`;

/** Seen-URL memory in a Map, with the semantics of SeenUrls for URLs without lastmod. */
function memorySeen() {
  const lists = new Map<string, Set<string>>();
  const admit = (list: string, candidates: DiscoveredUrl[]) => {
    const known = lists.get(list) ?? new Set<string>();
    lists.set(list, known);
    return candidates.filter((c) => !known.has(c.url) && (known.add(c.url), true));
  };
  return { admitNewOrChanged: async (id: string, c: DiscoveredUrl[]) => admit(id, c), admitChangedSitemaps: async (id: string, c: DiscoveredUrl[]) => admit(`${id}#sitemaps`, c) };
}

function stageFor(answers: Parameters<typeof scriptedFetcher>[0], src = source({ id: 'news', feeds: [`${SITE}/feed.rss`] }), opts: { disallowed?: string[]; maxUrls?: number; maxSitemaps?: number } = {}) {
  const enqueued: VisitRequest[] = [];
  const recorded: unknown[][] = [];
  const polite = scriptedFetcher(answers, opts.disallowed);
  const handler = discoverStage({
    sources: { get: async (id) => (id === src.id ? src : null) },
    polite,
    seen: memorySeen(),
    enqueueVisits: async (requests) => (enqueued.push(...requests), requests.map((_, i) => `visit-${enqueued.length - requests.length + i}`)),
    limits: { maxUrls: opts.maxUrls ?? 5_000, maxSitemaps: opts.maxSitemaps ?? 50, maxSitemapDepth: 2 },
    runs: { started: async (...args) => void recorded.push(['started', ...args]), discoveryDone: async (...args) => void recorded.push(['discoveryDone', ...args]) },
  });
  return { handler, enqueued, polite, recorded };
}

const run: DiscoverJob = { sourceId: 'news', url: 'source:news', visitId: 'run-1' };

describe('discover stage', () => {
  it('starts a visit (if changed) for each new article URL that passes the patterns and robots.txt, and refuses the rest with a reason', async () => {
    const src = source({ id: 'news', feeds: [`${SITE}/feed.rss`], include: ['/a/'] });
    const { handler, enqueued } = stageFor({ [`${SITE}/feed.rss`]: { kind: 'page', page: page(`${SITE}/feed.rss`, rss('/a/1.html', '/a/2.html', '/b/3.html', '/a/secret.html'), 'application/rss+xml') } }, src, { disallowed: ['secret'] });
    const ctx = context<'discover'>();
    const result = (await handler(run, ctx)) as DiscoverResult;
    // Each visit carries its run's id (the discover job's), which its stages count into.
    expect(enqueued).toEqual([`${SITE}/a/1.html`, `${SITE}/a/2.html`].map((url) => ({ url, sourceId: 'news', runId: 'job-1', ifChanged: true })));
    expect(result).toMatchObject({ outcome: 'discovered', documents: 1, found: 2, enqueued: 2, visits: ['visit-0', 'visit-1'] });
    expect(result.refused).toEqual([{ url: `${SITE}/a/secret.html`, reason: expect.stringMatching(/^robots-disallowed: /) }]);
    // Progress is saved after each document, so a crash or a delay resumes where it was.
    expect(ctx.saved.at(-1)?.progress).toMatchObject({ pending: [], done: 1, enqueued: 2 });
    // A second run finds nothing new.
    expect(await handler(run, context())).toMatchObject({ found: 2, enqueued: 0 });
  });

  it('records the run when it starts and its discovery totals when it ends: robots refusals, over-cap and seen URLs counted', async () => {
    const src = source({ id: 'news', feeds: [`${SITE}/feed.rss`], politeness: { maxUrlsPerRun: 2 } });
    const feed = { kind: 'page', page: page(`${SITE}/feed.rss`, rss('/a/1.html', '/a/2.html', '/a/3.html', '/a/secret.html'), 'application/rss+xml') } as const;
    const { handler, recorded } = stageFor({ [`${SITE}/feed.rss`]: [feed, feed] }, src, { disallowed: ['secret'] });
    await handler(run, context());
    expect(recorded).toEqual([
      ['started', 'news', 'job-1', 'requested'],
      ['discoveryDone', 'news', 'job-1', { documents: 1, discovered: 4, enqueued: 2, seen: 0, overCap: 1, robotsRefused: 1 }],
    ]);
    // A scheduled tick (no visitId), where the same two URLs were enqueued before.
    await handler({ sourceId: 'news', url: 'source:news' }, context());
    expect(recorded.slice(2)).toEqual([
      ['started', 'news', 'job-1', 'scheduled'],
      ['discoveryDone', 'news', 'job-1', { documents: 1, discovered: 4, enqueued: 0, seen: 2, overCap: 1, robotsRefused: 1 }],
    ]);
  });

  it('steps aside while the host is busy, keeping its place, and resumes from the saved progress', async () => {
    const { handler, enqueued } = stageFor({ [`${SITE}/feed.rss`]: [{ kind: 'wait', waitMs: 900, slot: 7 }, { kind: 'page', page: page(`${SITE}/feed.rss`, rss('/a/1.html'), 'application/rss+xml') }] });
    const waited = await handler(run, context());
    expect(waited).toMatchObject({ outcome: 'wait', host: 'news.example', ms: 900, data: { progress: { slot: 7, done: 0 } } });
    if (waited.outcome !== 'wait') throw new Error('expected a wait');
    expect(await handler(waited.data, context())).toMatchObject({ documents: 1, enqueued: 1 });
    expect(enqueued).toHaveLength(1);
  });

  it('follows a sitemap index within the count limit, reads children whose lastmod moved, and records documents it could not read', async () => {
    const src = source({ id: 'news', sitemaps: [`${SITE}/index.xml`], feeds: [`${SITE}/missing.rss`] });
    const index = sitemapIndex({ path: '/s1.xml', lastmod: '2026-12-01' }, { path: '/s2.xml' }, { path: '/s3.xml' });
    const { handler, enqueued } = stageFor(
      {
        [`${SITE}/missing.rss`]: new FetchError('http-status', 'HTTP 404', false, 404),
        [`${SITE}/index.xml`]: { kind: 'page', page: page(`${SITE}/index.xml`, index, 'application/xml') },
        [`${SITE}/s1.xml`]: { kind: 'page', page: page(`${SITE}/s1.xml`, urlset('/x/1.html'), 'application/xml') },
        [`${SITE}/s2.xml`]: { kind: 'page', page: page(`${SITE}/s2.xml`, urlset('/x/2.html'), 'application/xml') },
      },
      src,
      { maxSitemaps: 3 },
    );
    const result = (await handler(run, context())) as DiscoverResult;
    expect(enqueued.map((r) => r.url)).toEqual([`${SITE}/x/1.html`, `${SITE}/x/2.html`]);
    expect(result.refused).toEqual([
      { url: `${SITE}/missing.rss`, reason: 'http-status: HTTP 404' },
      { url: `${SITE}/s3.xml`, reason: 'sitemap-count: more than DISCOVER_MAX_SITEMAPS=3' },
    ]);
    expect(result.documents).toBe(4);
  });

  it('takes at most the per-run cap and says how many were left for the next run', async () => {
    const src = source({ id: 'news', feeds: [`${SITE}/feed.rss`], politeness: { maxUrlsPerRun: 1 } });
    const { handler, enqueued } = stageFor({ [`${SITE}/feed.rss`]: { kind: 'page', page: page(`${SITE}/feed.rss`, rss('/a/1.html', '/a/2.html', '/a/3.html'), 'application/rss+xml') } }, src);
    const result = (await handler(run, context())) as DiscoverResult;
    expect(enqueued).toHaveLength(1);
    expect(result.refused).toEqual([{ url: `${SITE}/feed.rss`, reason: 'url-cap: 2 URL(s) past the cap of 1 per run left for the next run' }]);
  });

  it('reads nothing for a removed source, or a paused one on its schedule (a run asked for by hand still reads)', async () => {
    const { handler, polite } = stageFor({}, source({ id: 'news', feeds: [`${SITE}/feed.rss`], paused: true }));
    expect(await handler({ sourceId: 'gone' }, context())).toMatchObject({ skipped: 'source removed', documents: 0 });
    expect(await handler({ sourceId: 'news', url: 'source:news' }, context())).toMatchObject({ skipped: 'source paused', documents: 0 });
    expect(polite.visits).toHaveLength(0);
  });
});
