import { Hint } from '../dom/hints';
import type { DomElement } from '../dom/node';
import type { Page } from '../dom/page';
import { textOf } from '../dom/text-of';
import { isInBox } from '../body/boilerplate';
import { formatIso, parseDate, parseRelativeDate, type DateParseOptions, type DateParts } from './parse';
import type { OffsetResolver } from './timezone';

export interface DateContext {
  page: Page;
  jsonLdPublished: string | null;
  jsonLdModified: string | null;
  /** The article's outermost element (title + content), to keep other stories' dates out. */
  root: DomElement | null;
  content: DomElement | null;
  byline: DomElement | null;
  url: string;
  resolve: OffsetResolver;
  parse: DateParseOptions;
  /** Fetch time (epoch ms) relative dates count back from; null when unknown. */
  now?: number | null;
}

export interface FoundDate {
  iso: string;
  /** Where it came from, for debugging and warnings. */
  source: string;
  /** The offset was not on the page but assumed for the site (or UTC when unknown). */
  offsetAssumed: boolean;
}

const PUBLISHED_META = [
  'article:published_time', 'og:article:published_time', 'og:published_time', 'article:published',
  'datepublished', 'pubdate', 'publishdate', 'publish-date', 'publish_date', 'published_time',
  'dc.date.issued', 'dcterms.issued', 'dc.date', 'dcterms.created', 'dcterms.date', 'date',
  'sailthru.date', 'parsely-pub-date', 'cxenseparse:recs:publishtime', 'article.published', 'release_date',
];
const MODIFIED_META = [
  'article:modified_time', 'og:article:modified_time', 'og:updated_time', 'datemodified',
  'dc.date.modified', 'dcterms.modified', 'last-modified', 'article.updated',
];

/**
 * Publication date, most reliable source first: JSON-LD, meta tags, itemprop, <time
 * datetime>, the byline, elements named like dates inside the article, the URL path.
 */
export function findPublished(ctx: DateContext): FoundDate | null {
  const { page } = ctx;
  const candidates: Array<[string, string | null | undefined]> = [['json-ld', ctx.jsonLdPublished]];
  for (const key of PUBLISHED_META) candidates.push([`meta ${key}`, page.meta(key)]);
  for (const c of candidates) {
    const d = read(c[1], c[0], ctx);
    if (d) return d;
  }
  for (const { prop, el } of page.itemprops) {
    if (prop !== 'datepublished' && prop !== 'datecreated') continue;
    const d = read(el.attribs.content ?? el.attribs.datetime ?? textOf(el, page, 300), 'itemprop', ctx);
    if (d) return d;
  }
  const times = page.times.filter((t) => !isInBox(page, t, ctx.content) && (!ctx.root || page.contains(ctx.root, t)));
  const flagged = times.filter((t) => t.attribs.pubdate !== undefined || /publish|pubdate|created/i.test(`${t.attribs.class ?? ''} ${t.attribs.itemprop ?? ''}`));
  for (const t of [...flagged, ...times]) {
    const d = read(t.attribs.datetime ?? textOf(t, page, 300), '<time>', ctx) ?? read(textOf(t, page, 300), '<time>', ctx);
    if (d) return d;
  }
  if (ctx.byline) {
    const d = read(dateLinePart(textOf(ctx.byline, page, 500), 'published'), 'byline', ctx);
    if (d) return d;
  }
  for (const el of [...dateElements(ctx, true), ...dateElements(ctx, false)]) {
    const d = read(el.attribs.datetime ?? el.attribs['data-time'] ?? dateLinePart(textOf(el, page, 300), 'published'), 'date element', ctx);
    if (d) return d;
  }
  const fromUrl = /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$)/.exec(safePath(ctx.url));
  if (fromUrl) return read(`${fromUrl[1]}-${fromUrl[2]!.padStart(2, '0')}-${fromUrl[3]!.padStart(2, '0')}`, 'url', ctx);
  return null;
}

export function findModified(ctx: DateContext): FoundDate | null {
  const { page } = ctx;
  const d = read(ctx.jsonLdModified, 'json-ld', ctx);
  if (d) return d;
  for (const key of MODIFIED_META) {
    const m = read(page.meta(key), `meta ${key}`, ctx);
    if (m) return m;
  }
  for (const { prop, el } of page.itemprops) {
    if (prop !== 'datemodified') continue;
    const m = read(el.attribs.content ?? el.attribs.datetime ?? textOf(el, page, 300), 'itemprop', ctx);
    if (m) return m;
  }
  // A visible "Updated …" in the byline or a date line of the article.
  const lines = [...(ctx.byline ? [ctx.byline] : []), ...dateElements(ctx, true), ...dateElements(ctx, false)];
  for (const el of lines) {
    const part = dateLinePart(textOf(el, page, 500), 'modified');
    const m = part ? read(part, 'date line', ctx) : null;
    if (m) return m;
  }
  return null;
}

/** "Updated", "Cập nhật", "Aktualisiert"…: what follows is the modification date. */
const UPDATED_WORD = /(?:last updated|updated|modified|edited|cập nhật(?: lúc| ngày)?|sửa lần cuối|aktualisiert(?: am)?|mis à jour(?: le)?|actualizado(?: el)?|aggiornato(?: il)?|zaktualizowano)\s*:?\s*/iu;
/** "Posted", "Published", "Đăng", "Veröffentlicht"…: what follows is the publication date. */
const POSTED_WORD = /(?:posted|published|first published|đăng(?: lúc| ngày)?|xuất bản|veröffentlicht(?: am)?|publié(?: le)?|publicado(?: el)?|pubblicato(?: il)?|opublikowano)\s*:?\s*/iu;

/**
 * The part of a visible date line that gives one date: "Posted Mar 3, 2021 9:05 AM EST |
 * Updated Mar 4, …" holds the publication before "Updated" and the modification after it.
 * For 'modified', null when the line names no update.
 */
export function dateLinePart(text: string, which: 'published' | 'modified'): string | null {
  const upd = UPDATED_WORD.exec(text);
  if (which === 'modified') return upd ? text.slice(upd.index + upd[0].length) : null;
  if (!upd) return text;
  const posted = POSTED_WORD.exec(text);
  if (posted) {
    const start = posted.index + posted[0].length;
    // The publication runs to the "Updated" word when that comes after it.
    return upd.index > posted.index ? text.slice(start, upd.index) : text.slice(start);
  }
  return upd.index > 0 ? text.slice(0, upd.index) : text;
}

/**
 * Short elements named date/time/publish, outside site boxes: inside the article first; else
 * the ones above the content (a date line between the title and the body), nearest first.
 */
function dateElements(ctx: DateContext, insideRoot: boolean): DomElement[] {
  const { page } = ctx;
  const out: DomElement[] = [];
  if (!insideRoot && !ctx.content) return out;
  const contentIndex = ctx.content ? page.get(ctx.content).index : 0;
  const elements = insideRoot ? page.hinted : page.hinted.filter((el) => page.get(el).index < contentIndex).reverse();
  for (const el of elements) {
    const info = page.get(el);
    if (!(info.hints & Hint.Date) || info.text === 0 || info.text > 150 || info.hidden) continue;
    if (insideRoot ? !ctx.root || !page.contains(ctx.root, el) : ctx.root && page.contains(ctx.root, el)) continue;
    if (isInBox(page, el, ctx.content)) continue;
    out.push(el);
    if (out.length > 20) break;
  }
  return out;
}

function read(value: string | null | undefined, source: string, ctx: DateContext): FoundDate | null {
  if (!value) return null;
  const p: DateParts | null = parseDate(value, ctx.parse) ?? (ctx.now != null ? parseRelativeDate(value, ctx.now) : null);
  if (!p) return null;
  const assumed = p.offset === null;
  return { iso: formatIso(p, assumed ? ctx.resolve(p) : null), source, offsetAssumed: assumed };
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
