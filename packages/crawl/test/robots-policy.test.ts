import { describe, expect, it } from 'vitest';
import { robotsPolicy } from '../src/robots-policy';

const UA = 'news-ingest/0.1 (+https://github.com/news-ingest/news-ingest)';
const at = new Date().toISOString();
const origin = 'https://bao.example';

describe('robots.txt decisions', () => {
  const body = `User-agent: *\nDisallow: /private/\nDisallow: /tim-kiem\nAllow: /private/public-note.html\nCrawl-delay: 2\n\nUser-agent: BadBot\nDisallow: /\n\nSitemap: https://bao.example/sitemap.xml\n`;
  const policy = robotsPolicy(origin, { status: 200, body, fetchedAt: at }, UA);

  it('obeys Disallow and the longer Allow for our agent (falling back to *)', () => {
    expect(policy.isAllowed('https://bao.example/thoi-su/mot-1001.html')).toBe(true);
    expect(policy.isAllowed('https://bao.example/private/secret.html')).toBe(false);
    expect(policy.isAllowed('https://bao.example/private/public-note.html')).toBe(true);
    expect(policy.isAllowed('https://bao.example/tim-kiem?q=x')).toBe(false);
  });

  it('reads Crawl-delay in milliseconds and the sitemaps it names', () => {
    expect(policy.crawlDelayMs).toBe(2000);
    expect(policy.sitemaps).toEqual(['https://bao.example/sitemap.xml']);
  });

  it('matches our product token, not the whole User-Agent string', () => {
    const ours = robotsPolicy(origin, { status: 200, body: 'User-agent: news-ingest\nDisallow: /\n\nUser-agent: *\nAllow: /\n', fetchedAt: at }, UA);
    expect(ours.isAllowed('https://bao.example/a.html')).toBe(false);
    const others = robotsPolicy(origin, { status: 200, body: 'User-agent: otherbot\nDisallow: /\n', fetchedAt: at }, UA);
    expect(others.isAllowed('https://bao.example/a.html')).toBe(true);
  });

  // Found by parsers.property.test.ts: "Crawl-delay: 1e308" came out as Infinity ms.
  it('caps an absurd Crawl-delay at an hour (a finite whole number of ms)', () => {
    for (const [value, ms] of [['1e308', 3_600_000], ['99999999999', 3_600_000], ['Infinity', 3_600_000], ['7200', 3_600_000], ['0.5', 500], ['-1', undefined]] as const) {
      const p = robotsPolicy(origin, { status: 200, body: `User-agent: *\nCrawl-delay: ${value}\n`, fetchedAt: at }, UA);
      expect(p.crawlDelayMs, value).toBe(ms);
    }
  });

  it('allows everything when there is no robots.txt (4xx)', () => {
    const none = robotsPolicy(origin, { status: 404, body: '', fetchedAt: at }, UA);
    expect(none.isAllowed('https://bao.example/private/x')).toBe(true);
    expect(none.crawlDelayMs).toBeUndefined();
  });
});
