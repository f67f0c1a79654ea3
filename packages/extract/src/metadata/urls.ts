import type { Page } from '../dom/page';

/** Absolute URL of a link found on the page, or null when it cannot be one. */
export function resolveUrl(href: string | undefined | null, base: string): string | null {
  if (!href) return null;
  const h = href.trim();
  if (!h || /^(?:javascript|data|mailto|tel|about):/i.test(h)) return null;
  try {
    return new URL(h, base).href;
  } catch {
    try {
      return new URL(h).href;
    } catch {
      return null;
    }
  }
}

/** The base for relative links: <base href> resolved against the page URL. */
export function baseUrl(page: Page, url: string): string {
  return (page.baseHref && resolveUrl(page.baseHref, url)) || url;
}

/** <link rel=canonical>, else og:url. */
export function findCanonical(page: Page, base: string): string | null {
  for (const l of page.links) {
    if (l.rel.split(/\s+/).includes('canonical')) {
      const u = resolveUrl(l.href, base);
      if (u) return u;
    }
  }
  return resolveUrl(page.meta('og:url'), base);
}
