import robotsParser from 'robots-parser';

/** What a site's robots.txt lets us do, as fetched: its text, or the status that stood in for it. */
export interface RobotsRecord {
  /** HTTP status of /robots.txt (0 when it could not be fetched for a reason that is not a status). */
  status: number;
  body: string;
  fetchedAt: string;
}

export interface RobotsPolicy {
  isAllowed(url: string): boolean;
  /** Crawl-delay for our user agent, in ms (undefined when none is given). */
  crawlDelayMs: number | undefined;
  sitemaps: string[];
}

/**
 * The longest Crawl-delay obeyed (as long as the longest pause a 429 earns): "Crawl-delay: 1e308"
 * would otherwise be Infinity ms, which the host gate's arithmetic in Redis cannot hold.
 */
export const MAX_CRAWL_DELAY_MS = 3_600_000;

/**
 * robots.txt decisions per RFC 9309: a 4xx (no robots.txt) allows everything, a 2xx is
 * obeyed for our product token (falling back to `*`), including Crawl-delay (up to an hour).
 * (5xx and network failures never reach here: the caller retries later rather than guess.)
 */
export function robotsPolicy(origin: string, record: RobotsRecord, userAgent: string): RobotsPolicy {
  if (record.status < 200 || record.status >= 300) return { isAllowed: () => true, crawlDelayMs: undefined, sitemaps: [] };
  const robots = robotsParser(`${origin}/robots.txt`, record.body);
  const delay = robots.getCrawlDelay(userAgent);
  return {
    // undefined = another origin than the robots.txt's: not ours to judge here.
    isAllowed: (url) => robots.isAllowed(url, userAgent) !== false,
    crawlDelayMs: typeof delay === 'number' && delay >= 0 ? Math.min(Math.round(delay * 1000), MAX_CRAWL_DELAY_MS) : undefined,
    sitemaps: robots.getSitemaps(),
  };
}
