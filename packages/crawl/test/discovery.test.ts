import { describe, expect, it } from 'vitest';
import { feedLinks } from '../src/feed-links';
import { parseSitemap } from '../src/sitemap';
import { pageLinks, sameSite } from '../src/page-links';
import { normalizeUrl } from '../src/normalize-url';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Tin mới</title><link>https://bao.example/</link>
<item><title>Một</title><link>https://bao.example/thoi-su/mot-1001.html?utm_source=rss</link><pubDate>Tue, 01 Dec 2026 08:00:00 +0700</pubDate></item>
<item><title>Hai</title><guid isPermaLink="true">https://bao.example/kinh-te/hai-1002.html</guid><dc:date>2026-12-01T09:00:00+07:00</dc:date></item>
<item><title>Ba (relative)</title><link>/the-thao/ba-1003.html</link></item>
<item><title>No link</title></item>
</channel></rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:x</id><updated>2026-12-01T00:00:00Z</updated>
<entry><title>A</title><id>urn:a</id><updated>2026-12-01T10:00:00Z</updated><link rel="self" href="https://bao.example/api/a"/><link rel="alternate" href="https://bao.example/a-2001.html"/></entry>
<entry><title>B</title><id>urn:b</id><published>2026-11-30T10:00:00Z</published><link href="https://bao.example/b-2002.html"/></entry>
</feed>`;

describe('feed links', () => {
  it('reads RSS items: link, else a permalink guid, resolved against the feed, with their dates', () => {
    expect(feedLinks(RSS, 'https://bao.example/rss/tin-moi.rss')).toEqual([
      { url: 'https://bao.example/thoi-su/mot-1001.html?utm_source=rss', lastmod: 'Tue, 01 Dec 2026 08:00:00 +0700' },
      { url: 'https://bao.example/kinh-te/hai-1002.html', lastmod: '2026-12-01T09:00:00+07:00' },
      { url: 'https://bao.example/the-thao/ba-1003.html' },
    ]);
  });

  it('reads Atom entries, preferring the alternate link', () => {
    expect(feedLinks(ATOM, 'https://bao.example/atom.xml')).toEqual([
      { url: 'https://bao.example/a-2001.html', lastmod: '2026-12-01T10:00:00Z' },
      { url: 'https://bao.example/b-2002.html', lastmod: '2026-11-30T10:00:00Z' },
    ]);
  });

  // Found by parsers.property.test.ts: the XML parser refused a whole feed for one element named like an Object property.
  it('reads a feed whose entries carry an element named constructor, __proto__ or prototype', () => {
    for (const name of ['constructor', '__proto__', 'prototype']) {
      const rss = `<rss version="2.0"><channel><title>T</title><item><link>https://bao.example/a.html</link><${name}>x</${name}></item></channel></rss>`;
      expect(feedLinks(rss, 'https://bao.example/rss')).toEqual([{ url: 'https://bao.example/a.html' }]);
      const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://bao.example/b.html"/><${name}/></entry></feed>`;
      expect(feedLinks(atom, 'https://bao.example/atom')).toEqual([{ url: 'https://bao.example/b.html' }]);
    }
  });

  it('throws on something that is not a feed', () => {
    expect(() => feedLinks('<html><body>hello</body></html>', 'https://bao.example/')).toThrow();
  });
});

describe('sitemaps', () => {
  it('reads a sitemap index with the lastmod of each child', () => {
    const xml = `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://bao.example/sitemap-news.xml</loc><lastmod>2026-12-01T10:00:00+07:00</lastmod></sitemap>
      <sitemap><loc>/sitemap-2026-11.xml</loc></sitemap></sitemapindex>`;
    expect(parseSitemap(xml, 'https://bao.example/sitemap.xml')).toEqual({
      kind: 'index',
      sitemaps: [{ url: 'https://bao.example/sitemap-news.xml', lastmod: '2026-12-01T10:00:00+07:00' }, { url: 'https://bao.example/sitemap-2026-11.xml' }],
    });
  });

  it('reads a Google News sitemap: publication date stands in for a missing lastmod; entities decoded', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://bao.example/a-1.html?x=1&amp;y=2</loc><news:news><news:publication><news:name>Báo</news:name><news:language>vi</news:language></news:publication>
        <news:publication_date>2026-12-01T07:00:00+07:00</news:publication_date><news:title>Tiêu đề &amp; phụ đề</news:title></news:news></url>
      <url><loc>https://bao.example/b-2.html</loc><lastmod>2026-11-30</lastmod></url>
      </urlset>`;
    expect(parseSitemap(xml, 'https://bao.example/sitemap-news.xml')).toEqual({
      kind: 'urlset',
      urls: [
        { url: 'https://bao.example/a-1.html?x=1&y=2', lastmod: '2026-12-01T07:00:00+07:00', news: { title: 'Tiêu đề & phụ đề', publishedAt: '2026-12-01T07:00:00+07:00' } },
        { url: 'https://bao.example/b-2.html', lastmod: '2026-11-30' },
      ],
    });
  });

  it('reads a one-entry and an empty urlset, and refuses what is not a sitemap', () => {
    const one = parseSitemap('<urlset><url><loc>https://x.example/1</loc></url></urlset>', 'https://x.example/s.xml');
    expect(one).toEqual({ kind: 'urlset', urls: [{ url: 'https://x.example/1' }] });
    expect(parseSitemap('<urlset></urlset>', 'https://x.example/s.xml')).toEqual({ kind: 'urlset', urls: [] });
    expect(() => parseSitemap('<rss><channel/></rss>', 'https://x.example/s.xml')).toThrow(/not a sitemap/);
  });

  // Found by parsers.property.test.ts: the XML parser refused a whole sitemap for one element named like an Object property.
  it('reads a sitemap with an element named constructor, __proto__ or prototype', () => {
    for (const name of ['constructor', '__proto__', 'prototype']) {
      const xml = `<urlset><url><loc>https://x.example/1</loc><${name}/></url><${name}>y</${name}></urlset>`;
      expect(parseSitemap(xml, 'https://x.example/s.xml')).toEqual({ kind: 'urlset', urls: [{ url: 'https://x.example/1' }] });
    }
  });

  // Found by parsers.property.test.ts: an empty index was "not a sitemap" (an empty urlset was fine).
  it('reads an empty sitemap index as an index with no sitemaps', () => {
    for (const xml of ['<sitemapindex></sitemapindex>', '<sitemapindex/>', '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</sitemapindex>']) {
      expect(parseSitemap(xml, 'https://x.example/s.xml')).toEqual({ kind: 'index', sitemaps: [] });
    }
  });
});

describe('links of a listing page', () => {
  const html = `<html><head><base href="https://bao.example/thoi-su/"></head><body>
    <a href="mot-1001.html">Một</a> <a href="/kinh-te/hai-1002.html#binh-luan">Hai</a>
    <a href="/kinh-te/hai-1002.html">Hai again</a> <a href="mailto:toa-soan@bao.example">mail</a>
    <a href="javascript:void(0)">js</a> <a rel="nofollow sponsored" href="https://ads.example/x">ad</a>
    <a href="https://other.example/y">elsewhere</a> <A HREF="https://m.bao.example/z-3.html">mobile</A></body></html>`;

  it('keeps http(s) links once each, absolute against <base>, without fragments or nofollow', () => {
    expect(pageLinks(html, 'https://bao.example/thoi-su')).toEqual([
      'https://bao.example/thoi-su/mot-1001.html',
      'https://bao.example/kinh-te/hai-1002.html',
      'https://other.example/y',
      'https://m.bao.example/z-3.html',
    ]);
  });

  it('tells the same site (www. and m. included) from another', () => {
    expect(sameSite('https://m.bao.example/z', 'https://www.bao.example/')).toBe(true);
    expect(sameSite('https://video.bao.example/z', 'https://bao.example/')).toBe(true);
    expect(sameSite('https://other.example/y', 'https://bao.example/')).toBe(false);
    expect(sameSite('https://notbao.example/y', 'https://bao.example/')).toBe(false);
  });
});

describe('URL normalisation of discovered links', () => {
  it('drops every tracking parameter a feed or share link adds, and is idempotent', () => {
    const raw = 'https://Bao.Example/thoi-su/mot-1001.html?utm_source=rss&utm_medium=feed&fbclid=1&gclid=2&_gl=3&id=7#top';
    const once = normalizeUrl(raw);
    expect(once).toBe('https://bao.example/thoi-su/mot-1001.html?id=7');
    expect(normalizeUrl(once)).toBe(once);
  });
});
