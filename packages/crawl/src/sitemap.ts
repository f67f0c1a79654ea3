import { XMLParser } from 'fast-xml-parser';
import type { DiscoveredUrl } from './feed-links';

export type Sitemap =
  | { kind: 'index'; sitemaps: DiscoveredUrl[] }
  | { kind: 'urlset'; urls: (DiscoveredUrl & { news?: { title?: string; publishedAt?: string } })[] };

const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const parser = new XMLParser({
  ignoreAttributes: true,
  // Namespaced tags (news:news, image:image) keep only their local name.
  removeNSPrefix: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
  processEntities: true,
  parseTagValue: false,
  trimValues: true,
  // The parser refuses a document with an element named like an Object property; renamed, such
  // an element (never one a sitemap reads) no longer costs the whole sitemap.
  transformTagName: (name) => (RESERVED_NAMES.has(name) ? `${name}_` : name),
});

/**
 * A sitemap (urlset, including Google News sitemaps) or sitemap index, with each entry's
 * lastmod — for a news entry its publication date when no lastmod is given.
 */
export function parseSitemap(text: string, sitemapUrl: string): Sitemap {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`not a sitemap: ${(err as Error).message}`);
  }
  const abs = (loc: unknown) => {
    if (typeof loc !== 'string' || !loc) return null;
    try {
      return new URL(loc, sitemapUrl).href;
    } catch {
      return null;
    }
  };
  // An element with no children parses as a string ("" for <sitemapindex/>): an empty index, not "not a sitemap".
  const index = doc.sitemapindex as { sitemap?: { loc?: string; lastmod?: string }[] } | string | undefined;
  if (index !== undefined) {
    const sitemaps = (typeof index === 'object' ? (index.sitemap ?? []) : []).flatMap((s) => {
      const url = abs(s.loc);
      return url ? [{ url, ...(s.lastmod ? { lastmod: String(s.lastmod) } : {}) }] : [];
    });
    return { kind: 'index', sitemaps };
  }
  const urlset = doc.urlset as { url?: { loc?: string; lastmod?: string; news?: { title?: string; publication_date?: string } }[] } | string | undefined;
  if (urlset === undefined) throw new Error('not a sitemap: no <urlset> or <sitemapindex>');
  const urls = (typeof urlset === 'object' ? (urlset.url ?? []) : []).flatMap((u) => {
    const url = abs(u.loc);
    if (!url) return [];
    const publishedAt = u.news?.publication_date ? String(u.news.publication_date) : undefined;
    const lastmod = u.lastmod ? String(u.lastmod) : publishedAt;
    return [
      {
        url,
        ...(lastmod ? { lastmod } : {}),
        ...(u.news ? { news: { ...(u.news.title ? { title: String(u.news.title) } : {}), ...(publishedAt ? { publishedAt } : {}) } } : {}),
      },
    ];
  });
  return { kind: 'urlset', urls };
}
