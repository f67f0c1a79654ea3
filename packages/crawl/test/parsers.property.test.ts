import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBody, detectCharset } from '../src/charset';
import { feedLinks } from '../src/feed-links';
import { normalizeUrl } from '../src/normalize-url';
import { robotsPolicy } from '../src/robots-policy';
import { parseSitemap } from '../src/sitemap';
import { params, propertyTimer, SEED } from '../../../tests/support/property';

/**
 * Property-based tests of what the crawler reads from the network: URLs, page bytes, feeds,
 * sitemaps, robots.txt. Fixed seed; fast-check prints seed and path on a failure.
 * Re-run with another seed: FC_SEED=<n> pnpm exec vitest run --project unit packages/crawl/test/parsers.property.test.ts
 * Time per input is printed, never asserted.
 */
const timed = propertyTimer(2);

/** Runs fn; a throw is allowed only when `allowed` says so, and it must be an Error. */
function totalOr<T>(fn: () => T, allowed: (e: Error) => boolean): T | undefined {
  try {
    return fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect(allowed(e as Error), `unexpected throw: ${String(e)}`).toBe(true);
    return undefined;
  }
}

const BASE = 'https://bao.example.vn/rss/tin-moi.rss';

/** Strings that look like URLs, relative links and garbage, with odd characters in every part. */
const part = fc.oneof(
  fc.constantFrom('', 'a', 'A', '%', '%2F', '%zz', '..', '.', '/', '//', '?', '#', '&', '=', ';', ' ', '\t', '\n', '\\', '@', ':', '[', ']', 'utm_source=x', 'fbclid=1', 'b=2', 'a=1', 'a=', '+', 'é', 'Tiếng-Việt', 'xn--', '\u0000', '\ud800', '🇻🇳', 'ⅷ', 'ß', 'İ'),
  fc.string({ maxLength: 6 }),
);
const urlish = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(
    fc.constantFrom('http://', 'https://', 'HTTPS://', 'ftp://', 'mailto:', 'javascript:', 'data:', 'foo://', 'file:///', '', '//', 'http:/', 'http:'),
    fc.constantFrom('bao.example.vn', 'LaoDong.VN', 'xn--bcher-kva.example', 'Bücher.example', '127.0.0.1', '[::1]', '[::ffff:1.2.3.4]', 'a.b.c.d.e', '0x7f.1', '', 'user:pw@host', 'host:80', 'host:443', 'host:65536', 'host:0080'),
    fc.array(part, { maxLength: 8 }).map((p) => p.join('')),
  ).map(([s, h, rest]) => s + h + rest),
  fc.string({ maxLength: 40 }),
);

describe(`normalizeUrl properties (FC_SEED=${SEED} to re-run)`, () => {
  it('returns a URL string or throws a TypeError (invalid URL); it is idempotent on what it accepts', () => {
    fc.assert(
      fc.property(urlish, fc.option(fc.constantFrom('https://x.vn/a/c/d.html', 'http://127.0.0.1:8088/', 'mailto:x@y', 'foo://h/p/'), { nil: undefined }), (input, base) => {
        const once = totalOr(() => timed('normalizeUrl', () => normalizeUrl(input, base)), (e) => e instanceof TypeError);
        if (once === undefined) return;
        expect(typeof once).toBe('string');
        expect(() => new URL(once)).not.toThrow();
        expect(normalizeUrl(once)).toBe(once);
        expect(once).not.toContain('#');
        const u = new URL(once);
        if (u.protocol === 'http:' || u.protocol === 'https:') {
          expect(u.hostname).toBe(u.hostname.toLowerCase());
          expect((u.protocol === 'http:' && u.port === '80') || (u.protocol === 'https:' && u.port === '443')).toBe(false);
          expect(u.pathname === '/' || !u.pathname.endsWith('/')).toBe(true);
        }
      }),
      params(300),
    );
  });

  it('drops tracking parameters and orders the rest, whatever their order', () => {
    const param = fc.tuple(fc.constantFrom('a', 'b', 'id', 'utm_source', 'utm_medium', 'fbclid', 'gclid', 'p', 'Ü'), fc.string({ maxLength: 5 }));
    fc.assert(
      fc.property(fc.uniqueArray(param, { selector: ([k]) => k, maxLength: 6 }), (params_) => {
        const qs = (ps: Array<[string, string]>) => new URLSearchParams(ps).toString();
        const a = normalizeUrl(`https://bao.example.vn/a.html?${qs(params_)}`);
        const b = normalizeUrl(`https://bao.example.vn/a.html?${qs([...params_].reverse())}`);
        expect(a).toBe(b);
        expect(a).not.toMatch(/[?&](utm_\w+|fbclid|gclid)=/);
      }),
      params(200),
    );
  });
});

describe(`decodeBody properties (FC_SEED=${SEED} to re-run)`, () => {
  const contentType = fc.oneof(
    fc.constant(null),
    fc.constantFrom('text/html', 'text/html; charset=utf-8', 'text/html; charset=windows-1252', 'text/html; charset="windows-1258"', 'text/html; charset=bogus', 'text/html; charset=', 'text/html; charset=utf-16le', 'charset=x-user-defined', 'text/html; charset=iso-2022-jp', 'text/html; charset=replacement'),
    fc.string({ maxLength: 40 }),
  );
  const meta = fc.constantFrom('', '<meta charset="windows-1252">', '<meta charset=utf-8>', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">', '<meta charset="utf-16">', '<meta charset="bogus">', '<meta charset="replacement">');
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 2000 }),
    fc.tuple(fc.constantFrom(new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0xfe, 0xff]), new Uint8Array([0xff, 0xfe]), new Uint8Array()), meta, fc.string({ unit: 'grapheme', maxLength: 200 }), fc.uint8Array({ maxLength: 50 })).map(
      ([bom, m, text, tail]) => Buffer.concat([bom, Buffer.from(`<html><head>${m}</head><body>`), Buffer.from(text, 'utf8'), tail]),
    ),
  );

  it('returns a string and a charset TextDecoder knows, for any bytes and any Content-Type', () => {
    fc.assert(
      fc.property(bytes, contentType, (b, ct) => {
        const { text, charset } = timed('decodeBody', () => decodeBody(b, ct));
        expect(typeof text).toBe('string');
        expect(charset).toBe(detectCharset(b, ct));
        expect(() => new TextDecoder(charset)).not.toThrow();
      }),
      params(300),
    );
  });

  it('decodes unlabelled valid UTF-8 exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        const b = Buffer.from(`<p>${s}</p>`, 'utf8');
        if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return;
        expect(decodeBody(b, 'text/html').text).toBe(`<p>${s}</p>`);
      }),
      params(200),
    );
  });
});

/** XML pieces for feeds and sitemaps: well-formed structure with odd content, and breakage. */
const xmlText = fc.oneof(
  fc.constantFrom('https://bao.example.vn/a-1.html', '/relative-2.html', 'a b c', '', ' ', 'javascript:alert(1)', 'http://[bad', '&amp;', '&bogus;', '&#0;', '&#x110000;', '<![CDATA[https://bao.example.vn/c.html]]>', '2026-12-01T10:00:00+07:00', 'Tue, 01 Dec 2026 08:00:00 +0700', '__proto__', 'constructor'),
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[<&]/g, '')),
  fc.string({ maxLength: 20 }),
);
function xmlTree(tags: string[]): fc.Arbitrary<string> {
  const { node } = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 3, arbitrary: xmlText },
      {
        weight: 2,
        arbitrary: fc
          .record({ tag: fc.constantFrom(...tags), kids: fc.array(tie('node'), { maxLength: 5 }), attr: fc.constantFrom('', ' rel="alternate"', ' href="https://bao.example.vn/h.html"', ' isPermaLink="false"', ' xmlns="http://www.w3.org/2005/Atom"'), close: fc.boolean() })
          .map(({ tag, kids, attr, close }) => `<${tag}${attr}>${kids.join('')}${close ? `</${tag}>` : ''}`),
      },
      { weight: 1, arbitrary: fc.constantFrom('<', '</x>', '<!-- c -->', '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY e "eee">]>', '&e;', '<a/>') },
    ),
  }));
  return node;
}

describe(`feed and sitemap parsing properties (FC_SEED=${SEED} to re-run)`, () => {
  const FEED_TAGS = ['rss', 'channel', 'item', 'link', 'guid', 'pubDate', 'title', 'feed', 'entry', 'id', 'updated', 'published', 'dc:date', 'rdf:RDF', 'description', '__proto__', 'constructor'];
  const feed = fc.oneof(
    xmlTree(FEED_TAGS),
    xmlTree(FEED_TAGS).map((x) => `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${x}</channel></rss>`),
    xmlTree(FEED_TAGS).map((x) => `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>${x}</feed>`),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.record({ version: fc.constant('https://jsonfeed.org/version/1.1'), title: fc.string(), items: fc.array(fc.record({ id: fc.string(), url: fc.oneof(fc.string(), fc.webUrl(), fc.integer()) }, { requiredKeys: [] })) }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 200 }),
  );

  it('feedLinks returns absolute http(s)-parseable links with string lastmods, or throws an Error (not a feed)', () => {
    fc.assert(
      fc.property(feed, (text) => {
        const links = totalOr(() => timed('feedLinks', () => feedLinks(text, BASE)), () => true);
        if (links === undefined) return;
        expect(Array.isArray(links)).toBe(true);
        for (const l of links) {
          expect(typeof l.url).toBe('string');
          expect(() => new URL(l.url)).not.toThrow();
          if ('lastmod' in l) expect(typeof l.lastmod).toBe('string');
        }
      }),
      params(300),
    );
  });

  it('a well-formed RSS or Atom feed gives each entry\'s link, whatever extra elements the entries carry', () => {
    const extraTag = fc.constantFrom('x', 'foo:bar', 'category', 'description', 'media:content', 'constructor', '__proto__', 'prototype', 'toString', 'valueOf');
    const extra = fc.tuple(extraTag, fc.string({ maxLength: 12 }).map((t) => t.replace(/[<>&]/g, ' '))).map(([t, v]) => (v ? `<${t}>${v}</${t}>` : `<${t}/>`));
    const entries = fc.array(fc.array(extra, { maxLength: 3 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.constantFrom('rss', 'atom'), entries, (kind, items) => {
        const urls = items.map((_, i) => `https://bao.example.vn/a-${i + 1}.html`);
        const xml =
          kind === 'rss'
            ? `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://bao.example.vn/</link>${items.map((x, i) => `<item><title>t${i}</title><link>${urls[i]}</link>${x.join('')}</item>`).join('')}</channel></rss>`
            : `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id>${items.map((x, i) => `<entry><title>t${i}</title><id>urn:${i}</id><link href="${urls[i]}"/>${x.join('')}</entry>`).join('')}</feed>`;
        expect(feedLinks(xml, BASE).map((l) => l.url)).toEqual(urls);
      }),
      params(200),
    );
  });

  const SITEMAP_TAGS = ['urlset', 'url', 'loc', 'lastmod', 'sitemapindex', 'sitemap', 'news:news', 'news:publication_date', 'news:title', 'image:image', '__proto__', 'constructor'];
  const sitemap = fc.oneof(
    xmlTree(SITEMAP_TAGS),
    xmlTree(SITEMAP_TAGS).map((x) => `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${x}</urlset>`),
    xmlTree(SITEMAP_TAGS).map((x) => `<sitemapindex>${x}</sitemapindex>`),
    fc.string({ maxLength: 200 }),
  );

  it('a well-formed document whose root is <urlset> or <sitemapindex> is always read as that kind', () => {
    const wellFormed = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        { weight: 3, arbitrary: xmlText.map((t) => t.replace(/[<>&]/g, ' ')) },
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...SITEMAP_TAGS.filter((t) => t !== 'urlset' && t !== 'sitemapindex')), fc.array(tie('node'), { maxLength: 4 })).map(([t, kids]) => (kids.length ? `<${t}>${kids.join('')}</${t}>` : `<${t}/>`)) },
      ),
    })).node;
    fc.assert(
      fc.property(fc.constantFrom('urlset', 'sitemapindex'), fc.array(wellFormed, { maxLength: 5 }), fc.boolean(), (root, kids, decl) => {
        const xml = `${decl ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}<${root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${kids.join('')}</${root}>`;
        expect(parseSitemap(xml, 'https://bao.example.vn/sitemap.xml').kind).toBe(root === 'urlset' ? 'urlset' : 'index');
      }),
      params(200),
    );
  });

  it('parseSitemap returns an index or a urlset of absolute links with string dates, or throws "not a sitemap"', () => {
    fc.assert(
      fc.property(sitemap, (text) => {
        const s = totalOr(() => timed('parseSitemap', () => parseSitemap(text, 'https://bao.example.vn/sitemap.xml')), (e) => /^not a sitemap/.test(e.message));
        if (s === undefined) return;
        const entries = s.kind === 'index' ? s.sitemaps : s.urls;
        expect(['index', 'urlset']).toContain(s.kind);
        expect(Array.isArray(entries)).toBe(true);
        for (const e of entries) {
          expect(() => new URL(e.url)).not.toThrow();
          if ('lastmod' in e) expect(typeof e.lastmod).toBe('string');
        }
        if (s.kind === 'urlset')
          for (const u of s.urls) {
            if (u.news?.title !== undefined) expect(typeof u.news.title).toBe('string');
            if (u.news?.publishedAt !== undefined) expect(typeof u.news.publishedAt).toBe('string');
          }
      }),
      params(300),
    );
  });
});

describe(`robotsPolicy properties (FC_SEED=${SEED} to re-run)`, () => {
  const line = fc.oneof(
    fc.tuple(
      fc.constantFrom('User-agent', 'user-agent', 'Disallow', 'Allow', 'Crawl-delay', 'crawl-delay', 'Sitemap', 'Host', 'Noindex', 'X'),
      fc.oneof(
        fc.constantFrom('*', 'IngestBot', 'ingestbot/1.0', '/', '', '/private/', '/*.php$', '/a*b', '$', '*', '10', '0.5', '-1', 'NaN', 'Infinity', '1e308', '1e400', '99999999999', 'abc', '/%E1%BB%87', '/nhiệm-vụ', 'https://bao.example.vn/sitemap.xml', 'not a url'),
        fc.string({ maxLength: 20 }),
      ),
    ).map(([k, v]) => `${k}: ${v}`),
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', '# comment', '\r', '\ufeffUser-agent: *'),
  );
  const robots = fc.array(line, { maxLength: 20 }).map((ls) => ls.join('\n'));
  const status = fc.oneof(fc.constantFrom(200, 204, 299, 301, 404, 410, 0), fc.integer({ min: -1, max: 999 }));
  const path = fc.oneof(fc.constantFrom('/', '/private/x', '/a.php', '/nhiệm-vụ', '/%E1%BB%87', '?q=1', 'https://other.example/x', 'not a url', ''), fc.webPath(), fc.string({ maxLength: 20 }));

  it('never throws; isAllowed is a boolean for any URL; crawlDelayMs is undefined or a finite whole number of ms; sitemaps are strings', () => {
    fc.assert(
      fc.property(robots, status, fc.constantFrom('IngestBot', 'ingestbot', 'Other/2.0', ''), fc.array(path, { maxLength: 5 }), (body, st, ua, paths) => {
        const policy = timed('robotsPolicy', () => robotsPolicy('https://bao.example.vn', { status: st, body, fetchedAt: '2026-12-03T00:00:00Z' }, ua));
        for (const p of paths) {
          const url = /^[a-z]+:/.test(p) ? p : `https://bao.example.vn${p.startsWith('/') ? '' : '/'}${p}`;
          expect(typeof policy.isAllowed(url)).toBe('boolean');
        }
        if (policy.crawlDelayMs !== undefined) {
          expect(Number.isSafeInteger(policy.crawlDelayMs)).toBe(true);
          expect(policy.crawlDelayMs).toBeGreaterThanOrEqual(0);
        }
        expect(Array.isArray(policy.sitemaps)).toBe(true);
        for (const s of policy.sitemaps) expect(typeof s).toBe('string');
      }),
      params(300),
    );
  });
});
