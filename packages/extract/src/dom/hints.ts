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
const AUTHOR_PART = /author|byline|writer|tacgia|reporter|phongvien/;
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

function compute(names: string): number {
  let h = 0;
  let boxByOther = false;
  const words = names.split(/\s+/).filter(Boolean);
  // The slugs of a post's tags and categories describe its topic, not the element.
  if (words.some((w) => POST_CLASS.test(w))) names = words.filter((w) => !TERM_CLASS.test(w)).join(' ');
  for (const t of tokensOf(names)) {
    if (POSITIVE_EXACT.has(t) || POSITIVE_PART.test(t)) h |= Hint.Positive;
    if (BOX_EXACT.has(t) || BOX_PART.test(t)) {
      h |= Hint.Box;
      if (!t.includes('sidebar')) boxByOther = true;
    }
    if (t.includes('breadcrumb')) h |= Hint.Breadcrumb;
    if (TAGS_EXACT.has(t) || TAGS_PART.test(t)) h |= Hint.Tags;
    if (AUTHOR_PART.test(t)) h |= Hint.Author;
    if (DATE_EXACT.has(t) || DATE_PART.test(t) || (t.length > 4 && t.endsWith('time'))) h |= Hint.Date;
    if (LEAD_EXACT.has(t) || LEAD_PART.test(t)) h |= Hint.Lead;
    if (CAPTION_PART.test(t)) h |= Hint.Caption;
    if (CREDIT_PART.test(t)) h |= Hint.Credit;
  }
  // Joined words also carry meaning ("tin-lien-quan" → "tinlienquan").
  const joined = names.toLowerCase().replace(/[^a-z0-9]+/g, '');
  if (/lienquan|moinhat|xemnhieu|docnhieu|goiydanhcho|binhluan|quangcao/.test(joined)) {
    h |= Hint.Box;
    boxByOther = true;
  }
  if (h & Hint.Box && !boxByOther) h |= Hint.SidebarOnly;
  if (/tacgia/.test(joined)) h |= Hint.Author;
  return h;
}

/** Hint flags of an element from its class and id (memoised by the name string). */
export function hintsOf(el: DomElement): number {
  const cls = el.attribs.class;
  const id = el.attribs.id;
  const itemprop = el.attribs.itemprop;
  if (!cls && !id && !itemprop) return 0;
  const key = `${cls ?? ''} ${id ?? ''}`;
  let h = cache.get(key);
  if (h === undefined) {
    h = compute(key);
    if (cache.size > 20_000) cache.clear();
    cache.set(key, h);
  }
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
  if (!cls) return 0;
  let h = cache.get(cls);
  if (h === undefined) {
    h = compute(cls);
    if (cache.size > 20_000) cache.clear();
    cache.set(cls, h);
  }
  return h;
}
