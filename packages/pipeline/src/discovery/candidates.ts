import type { DiscoverProgress } from '@ingest/contracts';
import { feedLinks, normalizeUrl, pageLinks, parseSitemap, sameSite, type DiscoveredUrl, type RobotsPolicy } from '@ingest/crawl';
import { matchesPatterns, type Source } from '@ingest/sources';

export type DiscoveryDocument = DiscoverProgress['pending'][number];

/** What one discovery document lists: article URLs, or (a sitemap index) child sitemaps. */
export type Listing = { articles: DiscoveredUrl[] } | { sitemaps: DiscoveredUrl[] };

/** Reads a feed, a sitemap or a seed page; seed links count only when on the seed's own site. Throws when the text is not what it should be. */
export function listingOf(doc: DiscoveryDocument, text: string, finalUrl: string): Listing {
  if (doc.kind === 'feed') return { articles: feedLinks(text, finalUrl) };
  if (doc.kind === 'seed') return { articles: pageLinks(text, finalUrl).filter((u) => sameSite(u, doc.url)).map((url) => ({ url })) };
  const sitemap = parseSitemap(text, finalUrl);
  return sitemap.kind === 'urlset' ? { articles: sitemap.urls } : { sitemaps: sitemap.sitemaps };
}

/**
 * Normalised, de-duplicated candidates that pass the source's patterns and the (cached)
 * robots.txt of their origin; a disallowed one is refused with its reason.
 */
export async function keepCandidates(
  candidates: DiscoveredUrl[],
  source: Source,
  cachedPolicy: (origin: string) => Promise<RobotsPolicy | null>,
  refuse: (url: string, reason: string) => void,
): Promise<DiscoveredUrl[]> {
  const policies = new Map<string, RobotsPolicy | null>();
  const out = new Map<string, DiscoveredUrl>();
  for (const c of candidates) {
    let url: string;
    try {
      url = normalizeUrl(c.url);
    } catch {
      continue;
    }
    if (out.has(url) || !matchesPatterns(source, url)) continue;
    const origin = new URL(url).origin;
    if (!policies.has(origin)) policies.set(origin, await cachedPolicy(origin));
    const policy = policies.get(origin);
    if (policy && !policy.isAllowed(url)) {
      refuse(url, `robots-disallowed: ${new URL(url).pathname} is disallowed for us by ${origin}/robots.txt`);
      continue;
    }
    out.set(url, { ...c, url });
  }
  return [...out.values()];
}
