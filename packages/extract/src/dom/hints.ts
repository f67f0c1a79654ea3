import type { DomElement } from './node';

/**
 * What an element's class / id names say about it. Generic vocabulary only (English plus
 * the unaccented Vietnamese words CMSs use: "sapo", "tinlienquan", "tacgia"…), never a
 * site's exact markup.
 */
export const Hint = {
  /** Looks like the article itself: article, content, detail, body, entry, story… */
  Positive: 1,
  /** A site box: related / latest / recommended / comments / share / sidebar / footer / ads… */
  Box: 2,
  Author: 4,
  Date: 8,
  /** Lead / "sapo" / summary / description. */
  Lead: 16,
  Caption: 32,
  /** Tag and keyword lists. */
  Tags: 64,
  Breadcrumb: 128,
  Credit: 256,
  /** Named a box only by "sidebar", which templates also put on the main column or its wrapper. */
  SidebarOnly: 512,
} as const;

const POSITIVE_PART = /article|content|detail|entry|story|chitiet|noidung|baiviet/;
const POSITIVE_EXACT = new Set(['body', 'post', 'main', 'text', 'prose']);
const BOX_PART =
  /relate|lienquan|recommend|suggest|goiy|latest|newest|moinhat|mostread|mostview|most-read|docnhieu|xemnhieu|xemthem|popular|trending|comment|binhluan|social|chiase|footer|sidebar|banner|advert|quangcao|promo|sponsor|breadcrumb|navbar|navigation|subscribe|newsletter|pagination|paging|pager|toolbar|popup|modal|cookie|tinkhac|cungchuyenmuc|outbrain|taboola|menu|instagram|tiktok|embed/;
const BOX_EXACT = new Set(['rating', 'ratings', 'ad', 'ads', 'qc', 'nav', 'share', 'sharing', 'vote', 'more', 'tools', 'aside']);
const TAGS_PART = /keyword|tukhoa|hashtag|tagcloud|tag-list|taglist/;
const TAGS_EXACT = new Set(['tag', 'tags', 'topics', 'chude']);
const AUTHOR_PART = /author|byline|writer|tacgia|reporter|phongvien|vcard/;
const DATE_PART = /datetime|pubdate|publish|posted|thoigian|ngaydang|timestamp|dateline/;
const DATE_EXACT = new Set(['date', 'time', 'ngay', 'gio']);
const LEAD_PART = /sapo|chapeau|summary|excerpt|standfirst|teaser|abstract|description|tomtat/;
const LEAD_EXACT = new Set(['lead', 'lede', 'desc', 'intro', 'deck']);
const CAPTION_PART = /caption|chuthich|legend/;
const CREDIT_PART = /credit|copyright/;

const cache = new Map<string, number>();

function tokensOf(names: string): string[] {
  // Split "relatedNews", "box-tin-lien-quan", "fck_detail" into lowercase words.
  return names
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/** Taxonomy classes a CMS puts on a post container ("tag-bloggen", "category-comments"). */
const TERM_CLASS = /^(?:tag|category|categories|cat|topic)-[\w-]+$/i;
const POST_CLASS = /^(?:hentry|post|type-\w+|status-\w+|format-\w+|post-\d+)$/i;

/** Internal flag of one word: it names a box by a word other than "sidebar". */
const BOX_BY_OTHER = 1 << 20;
const wordCache = new Map<string, number>();

/** Flags of one class word ("related-news", "fck_detail"), memoised: the same words recur on every page of a site. */
function wordHints(word: string): number {
  let h = wordCache.get(word);
  if (h !== undefined) return h;
  h = 0;
  for (const t of tokensOf(word)) {
    if (POSITIVE_EXACT.has(t) || POSITIVE_PART.test(t)) h |= Hint.Positive;
    if (BOX_EXACT.has(t) || BOX_PART.test(t)) {
      h |= Hint.Box;
      if (!t.includes('sidebar')) h |= BOX_BY_OTHER;
    }
    if (t.includes('breadcrumb')) h |= Hint.Breadcrumb;
    if (TAGS_EXACT.has(t) || TAGS_PART.test(t)) h |= Hint.Tags;
    if (AUTHOR_PART.test(t)) h |= Hint.Author;
    if (DATE_EXACT.has(t) || DATE_PART.test(t) || (t.length > 4 && t.endsWith('time'))) h |= Hint.Date;
    if (LEAD_EXACT.has(t) || LEAD_PART.test(t)) h |= Hint.Lead;
    if (CAPTION_PART.test(t)) h |= Hint.Caption;
    if (CREDIT_PART.test(t)) h |= Hint.Credit;
  }
  if (wordCache.size >= MAX_CACHED) wordCache.clear();
  wordCache.set(ownCopy(word), h);
  return h;
}

function compute(names: string): number {
  let h = 0;
  let words = names.split(/\s+/).filter(Boolean);
  // The slugs of a post's tags and categories describe its topic, not the element.
  if (words.some((w) => POST_CLASS.test(w))) {
    words = words.filter((w) => !TERM_CLASS.test(w));
    names = words.join(' ');
  }
  for (const w of words) h |= wordHints(w);
  // Joined words also carry meaning ("tin-lien-quan" → "tinlienquan").
  const joined = names.toLowerCase().replace(/[^a-z0-9]+/g, '');
  if (/lienquan|moinhat|xemnhieu|docnhieu|goiydanhcho|binhluan|quangcao/.test(joined)) h |= Hint.Box | BOX_BY_OTHER;
  if (h & Hint.Box && !(h & BOX_BY_OTHER)) h |= Hint.SidebarOnly;
  if (/tacgia/.test(joined)) h |= Hint.Author;
  return h & ~BOX_BY_OTHER;
}

/**
 * Class and id strings longer than this are read up to here: names that matter come first, and a
 * page with a megabyte-long class attribute must not cost seconds of tokenising.
 */
const MAX_NAMES_CHARS = 1000;

/** Distinct class strings remembered: a crawl sees the same templates over and over. */
const MAX_CACHED = 100_000;

function cachedHints(names: string): number {
  let h = cache.get(names);
  if (h === undefined) {
    h = compute(names.length > MAX_NAMES_CHARS ? names.slice(0, MAX_NAMES_CHARS) : names);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(ownCopy(names), h);
  }
  return h;
}

/**
 * The parser's attribute values are slices of the page's HTML, and a slice kept as a cache key
 * would keep the whole page in memory. Concatenating and slicing again makes V8 flatten a
 * string of the key's own length.
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : `${s} `.slice(0, -1);
}

/**
 * Flags of a class or id string through a page's own small cache first: a page repeats its few
 * hundred class strings thousands of times, and a lookup in the small map stays in the CPU's
 * cache where one in the big shared map mostly does not.
 */
function localHints(names: string, local: Map<string, number> | undefined): number {
  if (!local) return cachedHints(names);
  let h = local.get(names);
  if (h === undefined) {
    h = cachedHints(names);
    local.set(names, h);
  }
  return h;
}

/**
 * Flags of a class string and of an id string, each memoised on its own: ids are often unique
 * ("post-1234"), classes repeat, so one key for both would miss the cache on every id. Named a
 * box only by "sidebar" holds when neither part names a box by another word.
 */
function namesHints(cls: string | undefined, id: string | undefined, local?: Map<string, number>): number {
  const a = cls ? localHints(cls, local) : 0;
  const b = id ? localHints(id, local) : 0;
  let h = a | b;
  if ((a & Hint.Box && !(a & Hint.SidebarOnly)) || (b & Hint.Box && !(b & Hint.SidebarOnly))) h &= ~Hint.SidebarOnly;
  return h;
}

/** Hint flags of an element from its class, id and itemprop. */
export function hintsOf(el: DomElement): number {
  const a = el.attribs;
  return hintsOfNames(a.class, a.id, a.itemprop);
}

/** Hint flags from the values of an element's class, id and itemprop attributes. */
export function hintsOfNames(cls: string | undefined, id: string | undefined, itemprop: string | undefined, local?: Map<string, number>): number {
  let h = namesHints(cls, id, local);
  if (itemprop) {
    const p = itemprop.toLowerCase();
    if (p.includes('articlebody')) h |= Hint.Positive;
    if (p === 'author' || p === 'creator') h |= Hint.Author;
    if (p === 'datepublished' || p === 'datemodified' || p === 'datecreated') h |= Hint.Date;
    if (p === 'description') h |= Hint.Lead;
    if (p === 'caption') h |= Hint.Caption;
    if (p === 'keywords') h |= Hint.Tags;
  }
  return h;
}

/** Hint flags from the class attribute alone (ids of headings are often slugs of their text). */
export function classHintsOf(el: DomElement): number {
  const cls = el.attribs.class;
  return cls ? cachedHints(cls) : 0;
}
