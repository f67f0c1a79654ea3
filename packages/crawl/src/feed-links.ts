import { parseFeed } from 'feedsmith';

export interface DiscoveredUrl {
  url: string;
  /** When the listing says the page last changed (ISO or as written), if it says. */
  lastmod?: string;
}

/**
 * Article links of an RSS, Atom, RDF or JSON feed, resolved against the feed's URL, with
 * the entry's updated / published date as its lastmod. A feed that is not a feed throws.
 */
export function feedLinks(text: string, feedUrl: string): DiscoveredUrl[] {
  const { format, feed } = parseTolerant(text) as { format: string; feed: Record<string, unknown> };
  const out: DiscoveredUrl[] = [];
  const push = (href: unknown, date: unknown) => {
    if (typeof href !== 'string' || !href.trim()) return;
    try {
      out.push({ url: new URL(href.trim(), feedUrl).href, ...(typeof date === 'string' && date ? { lastmod: date } : {}) });
    } catch {
      /* an unparsable link is not a candidate */
    }
  };
  if (format === 'atom') {
    for (const e of (feed.entries as { links?: { href?: string; rel?: string }[]; updated?: string; published?: string }[] | undefined) ?? []) {
      const link = e.links?.find((l) => !l.rel || l.rel === 'alternate') ?? e.links?.[0];
      push(link?.href, e.updated ?? e.published);
    }
  } else if (format === 'json') {
    for (const i of (feed.items as { url?: string; date_modified?: string; date_published?: string }[] | undefined) ?? []) push(i.url, i.date_modified ?? i.date_published);
  } else {
    type RssItem = { link?: string; guid?: { value?: string; isPermaLink?: boolean }; pubDate?: string; dc?: { date?: string; dates?: string[] } };
    for (const i of (feed.items as RssItem[] | undefined) ?? []) {
      const href = i.link ?? (i.guid?.isPermaLink !== false ? i.guid?.value : undefined);
      push(href, i.pubDate ?? i.dc?.date ?? i.dc?.dates?.[0]);
    }
  }
  return out;
}

/** Elements named like an Object property, which the XML parser refuses outright. */
const RESERVED_ELEMENT = /<(\/?)(__proto__|constructor|prototype)(?=[\s/>])/g;

/** parseFeed, and once more with reserved element names renamed when they made it refuse the whole feed. */
function parseTolerant(text: string): ReturnType<typeof parseFeed> {
  try {
    return parseFeed(text);
  } catch (err) {
    const renamed = text.replace(RESERVED_ELEMENT, '<$1$2_');
    if (renamed === text) throw err;
    return parseFeed(renamed);
  }
}
