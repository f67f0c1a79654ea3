import { Parser } from 'htmlparser2';

/**
 * Every http(s) link of a listing page, absolute (against `<base href>` when present),
 * without fragments, in document order, once each. rel=nofollow links are left out.
 */
export function pageLinks(html: string, pageUrl: string): string[] {
  let base = pageUrl;
  const hrefs: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && attrs.href) {
          try {
            base = new URL(attrs.href, pageUrl).href;
          } catch {
            /* keep the page URL */
          }
        } else if ((name === 'a' || name === 'area') && attrs.href && !/\bnofollow\b/i.test(attrs.rel ?? '')) {
          hrefs.push(attrs.href);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const href of hrefs) {
    let u: URL;
    try {
      u = new URL(href.trim(), base);
    } catch {
      continue;
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
    u.hash = '';
    if (!seen.has(u.href)) {
      seen.add(u.href);
      out.push(u.href);
    }
  }
  return out;
}

/**
 * Same site: the same registrable-ish domain, judged without a public-suffix list by
 * dropping a leading `www.` and `m.` — enough for a news site and its mobile host.
 */
export function sameSite(a: string, b: string): boolean {
  const host = (u: string) => new URL(u).hostname.toLowerCase().replace(/^(www|m)\./, '');
  const ha = host(a);
  const hb = host(b);
  return ha === hb || ha.endsWith('.' + hb) || hb.endsWith('.' + ha);
}
