import { lookupTable } from '../lookup';
import { cleanText } from '../text';

type Obj = Record<string, unknown>;

/** What the page's JSON-LD says about the article (schema.org NewsArticle and relatives). */
export interface JsonLd {
  article: Obj | null;
  /** BreadcrumbList item names, in order. */
  breadcrumbs: string[];
}

const ARTICLE_TYPE = /(?:Article|BlogPosting|LiveBlogPosting|Report|SocialMediaPosting)$/;
const MAX_OBJECTS = 500;

/** Parses every JSON-LD script; broken JSON is skipped (with a retry for raw control characters). */
export function readJsonLd(blobs: string[], warnings: string[]): JsonLd {
  const objects: Obj[] = [];
  for (const raw of blobs) {
    const text = raw.replace(/^\s*(?:<!--|<!\[CDATA\[)/, '').replace(/(?:-->|\]\]>)\s*$/, '').trim();
    if (!text || text.length > 2_000_000) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      try {
        data = JSON.parse(text.replace(/[\u0000-\u001f]+/g, ' '));
      } catch {
        warnings.push('json-ld: unparseable script skipped');
        continue;
      }
    }
    gather(data, objects, 0);
  }
  let article: Obj | null = null;
  let breadcrumbs: string[] = [];
  for (const o of objects) {
    const types = typesOf(o);
    if (!article && types.some((t) => ARTICLE_TYPE.test(t))) article = o;
    if (breadcrumbs.length === 0 && types.includes('BreadcrumbList')) breadcrumbs = breadcrumbNames(o);
  }
  return { article, breadcrumbs };
}

function gather(v: unknown, out: Obj[], depth: number): void {
  if (depth > 8 || out.length >= MAX_OBJECTS || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) gather(x, out, depth + 1);
    return;
  }
  const o = v as Obj;
  if (o['@type'] !== undefined) out.push(o);
  if (o['@graph'] !== undefined) gather(o['@graph'], out, depth + 1);
  if (o.mainEntity !== undefined) gather(o.mainEntity, out, depth + 1);
}

export function typesOf(o: Obj): string[] {
  const t = o['@type'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return [];
}

/** A string field, entity-decoded and whitespace-normalised. */
export function str(o: Obj | null, key: string): string | null {
  if (!o) return null;
  const v = o[key];
  const s = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : null;
  if (s === null) return null;
  const t = cleanText(decodeEntities(s));
  return t || null;
}

/** Names in a Person/Organization field that may be a string, an object or an array of either. */
export function names(v: unknown, opts: { peopleOnly: boolean }): string[] {
  const out: string[] = [];
  const list = Array.isArray(v) ? v : [v];
  for (const x of list.slice(0, 20)) {
    if (typeof x === 'string') out.push(x);
    else if (x && typeof x === 'object') {
      const o = x as Obj;
      const types = typesOf(o);
      if (opts.peopleOnly && types.length > 0 && !types.includes('Person')) continue;
      const n = o.name;
      if (typeof n === 'string') out.push(n);
    }
  }
  return out.map((s) => cleanText(decodeEntities(s))).filter(Boolean);
}

/** URL strings of an image field (string, ImageObject, or array of either). */
export function urls(v: unknown): string[] {
  const out: string[] = [];
  const list = Array.isArray(v) ? v : [v];
  for (const x of list.slice(0, 20)) {
    if (typeof x === 'string') out.push(x);
    else if (x && typeof x === 'object') {
      const u = (x as Obj).url ?? (x as Obj)['@id'];
      if (typeof u === 'string') out.push(u);
    }
  }
  return out;
}

function breadcrumbNames(o: Obj): string[] {
  const items = o.itemListElement;
  if (!Array.isArray(items)) return [];
  const withPos = items
    .filter((x): x is Obj => !!x && typeof x === 'object')
    .map((x, i) => {
      const item = x.item;
      const name = typeof x.name === 'string' ? x.name : item && typeof item === 'object' && typeof (item as Obj).name === 'string' ? ((item as Obj).name as string) : '';
      return { pos: typeof x.position === 'number' ? x.position : i + 1, name: cleanText(decodeEntities(name)) };
    })
    .filter((x) => x.name);
  withPos.sort((a, b) => a.pos - b.pos);
  return withPos.map((x) => x.name);
}

const NAMED: Readonly<Record<string, string>> = lookupTable({ amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: ' ' });

/** JSON-LD strings are often HTML-escaped by the CMS; the common entities are undone. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}
