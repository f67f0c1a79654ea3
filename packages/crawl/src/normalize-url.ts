/** Query parameters that only track a click and never change the page. */
const TRACKING_PARAMS = /^(utm_\w+|fbclid|gclid|gclsrc|gbraid|wbraid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|yclid|zanpid|ref_src|cmpid|mkt_tok|_hsenc|_hsmi)$/i;

/**
 * One spelling per page, so the same article reached by two links is fetched and indexed
 * once: lower-case scheme and host, no default port, no fragment, no tracking parameters,
 * sorted query, no trailing slash except for the root path.
 */
export function normalizeUrl(input: string, base?: string): string {
  const url = new URL(input, base);
  url.hash = '';
  url.hostname = url.hostname.toLowerCase();
  if ((url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443')) url.port = '';
  const kept = [...url.searchParams.entries()].filter(([k]) => !TRACKING_PARAMS.test(k));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString();
}
