import type { Article } from '@ingest/contracts';
import type { BodyBlock } from './block';
import { bodyText, collectBlocks, toArticleBlock } from './body/blocks';
import { isAppeal } from './body/appeals';
import { isBoxTitle, isLabelLine, isToolList } from './body/boilerplate';
import { findContent, type Content } from './body/content';
import { jsonArticleText, jsonHoldsMore, jsonTextBlocks } from './body/json-text';
import { findModified, findPublished, type DateContext, type FoundDate } from './dates/published';
import { siteOffsetResolver } from './dates/timezone';
import { parsePage } from './dom/load';
import { isElement, type DomElement } from './dom/node';
import type { Page } from './dom/page';
import { bylineElements, dedupe, parseByline, readVisibleByline, type Byline } from './metadata/authors';
import { addDeclaredImage, findImages } from './metadata/images';
import { names, readJsonLd, str, urls } from './metadata/json-ld';
import { findLanguage } from './metadata/language';
import { findLead, stripOutletPrefix, type LeadResult } from './metadata/lead';
import { findSection, findSiteName, findTags } from './metadata/site';
import { findTitle, splitDocumentTitle, type TitleResult } from './metadata/title';
import { baseUrl, findCanonical } from './metadata/urls';
import { findTasks, type TaskResult } from './tasks/index';
import { cleanText, countWords, fold, sameText, toNfc } from './text';

export interface ExtractOptions {
  /** UTC offset ("+07:00") or IANA zone of the site, for times the page writes without one. */
  timezone?: string;
  /** When the page was fetched (ISO 8601 or Date): relative dates ("2 giờ trước", "3 hours ago") count back from it. */
  fetchedAt?: string | Date;
}

/** Pages larger than this are cut (the fetcher already caps bodies at 5 MB). */
const MAX_INPUT_CHARS = 12_000_000;

export function emptyArticle(warnings: string[] = []): Article {
  return {
    title: '', lead: '', authors: [], authorRoles: [], sourceLabel: null, publishedAt: null, modifiedAt: null, language: null,
    canonicalUrl: null, siteName: null, section: null, tags: [], images: [], body: '', blocks: [], wordCount: 0,
    announcedTaskCount: null, taskHeading: null, tasks: [], taskWarnings: [], warnings,
  };
}

/**
 * HTML + URL → Article. Pure and total: never throws; a page that is not an article comes
 * back with empty fields and the reasons in `warnings`.
 */
export function extract(html: string, url: string, options?: ExtractOptions): Article {
  try {
    return run(html, url, options ?? {});
  } catch (err) {
    return emptyArticle([`extraction failed: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

function run(input: unknown, urlInput: unknown, options: ExtractOptions): Article {
  const warnings: string[] = [];
  const url = typeof urlInput === 'string' ? urlInput : '';
  const html = preparedInput(input, warnings);
  if (html === null) return emptyArticle(['empty document']);

  const { page, flattened } = parsePage(html);
  if (flattened) warnings.push('markup nested deeper than 2000 elements was flattened');
  const base = baseUrl(page, url);
  const ld = safe(warnings, 'json-ld', () => readJsonLd(page.jsonLd, warnings), { article: null, breadcrumbs: [] });
  const article = ld.article;
  const doc: Doc = { page, article, warnings };

  const content = safe<Content | null>(warnings, 'content', () => findContent(page), null);
  const top = content?.top ?? null;
  const { siteName, title, root } = findHeadline(doc, top);
  const { blocks, lead, visible, trailing } = readBody(doc, content, title, root);
  const authors = chooseAuthors(page, article, visible.byline, trailing, siteName);
  const sourceLabel = visible.byline.label ?? trailing?.label ?? null;
  const authorRoles = dedupe([...(visible.byline.roles ?? []), ...(trailing?.roles ?? [])]);

  const sample = [title.text, lead, ...blocks.slice(0, 40).map((b) => b.text)].join('\n');
  const language = safe(warnings, 'language', () => findLanguage(page, str(article, 'inLanguage'), sample), null);
  const dates = findDates(doc, { root, content: top, byline: visible.el, url }, options, language);
  let images = safe(warnings, 'images', () => findImages(page, content, root, base), []);
  images = addDeclaredImage(images, page.meta('og:image', 'og:image:url', 'twitter:image') ?? urls(article?.image)[0] ?? null, base);
  const tasks = safe(warnings, 'tasks', () => findTasks(blocks, title.text, lead, language), noTasks());

  const body = bodyText(blocks);
  if (!title.text) warnings.push('no title found');
  if (!body) warnings.push('no article body found', notArticleReason(page));

  // canonicalUrl, section and tags are read last, in the literal: a warning of theirs follows the two above.
  return {
    title: title.text,
    lead,
    authors,
    authorRoles,
    sourceLabel,
    publishedAt: dates.published?.iso ?? null,
    modifiedAt: dates.modified?.iso ?? null,
    language,
    canonicalUrl: safe(warnings, 'canonical', () => findCanonical(page, base), null),
    siteName,
    section: safe(warnings, 'section', () => findSection(page, str(article, 'articleSection'), ld.breadcrumbs, title.text), null),
    tags: safe(warnings, 'tags', () => findTags(page, article?.keywords, root, top), []),
    images,
    body,
    blocks: blocks.map(toArticleBlock),
    wordCount: countWords(body),
    announcedTaskCount: tasks.announcedTaskCount,
    taskHeading: tasks.taskHeading,
    tasks: tasks.tasks,
    taskWarnings: tasks.taskWarnings,
    warnings,
  };
}

/** What every step after parsing reads: the indexed page, its JSON-LD article and the warnings so far. */
interface Doc {
  page: Page;
  article: Record<string, unknown> | null;
  warnings: string[];
}

/** The input as a string of at most MAX_INPUT_CHARS, in NFC; null when it is blank. */
function preparedInput(input: unknown, warnings: string[]): string | null {
  let html = typeof input === 'string' ? input : input == null ? '' : String(input);
  if (html.length > MAX_INPUT_CHARS) {
    html = html.slice(0, MAX_INPUT_CHARS);
    warnings.push(`input longer than ${MAX_INPUT_CHARS} characters was cut`);
  }
  if (!html.trim()) return null;
  return toNfc(html);
}

/** The site name, the title and the article's outermost element (the title's and the content's common ancestor). */
function findHeadline(doc: Doc, top: DomElement | null): { siteName: string | null; title: TitleResult; root: DomElement | null } {
  const { page, article, warnings } = doc;
  const publisher = article ? (names(article.publisher, { peopleOnly: false })[0] ?? null) : null;
  const declaredSite = page.meta('og:site_name', 'application-name') ?? publisher;
  const docTitle = page.documentTitle ? cleanText(page.documentTitle) : null;
  const titleSite = docTitle ? splitDocumentTitle(docTitle, declaredSite).site : null;
  const siteName = findSiteName(page, publisher, titleSite);
  const declaredTitles = [page.meta('og:title'), page.meta('twitter:title'), str(article, 'headline'), str(article, 'name'), docTitle]
    .filter((t): t is string => !!t)
    .map(cleanText);
  const title = safe(warnings, 'title', () => findTitle(page, declaredTitles, top, siteName), { text: '', el: null });
  const root = title.el && top ? commonAncestor(title.el, top) : top;
  return { siteName, title, root };
}

/** The body blocks, the lead and the bylines: what is left of the content once the title, lead and author lines are out. */
interface Body {
  blocks: BodyBlock[];
  lead: string;
  /** The byline printed above or beside the body, and its element. */
  visible: { byline: Byline; el: DomElement | null };
  /** The author line the body ended with (removed from `blocks`). */
  trailing: Byline | null;
}

function readBody(doc: Doc, content: Content | null, title: TitleResult, root: DomElement | null): Body {
  const { page, article, warnings } = doc;
  const top = content?.top ?? null;
  const leadFound = safe(
    warnings,
    'lead',
    () => findLead(page, title.el, top, [page.meta('og:description'), page.meta('description'), page.meta('twitter:description'), str(article, 'description')]),
    { text: '', el: null },
  );
  const bylineEls = safe(warnings, 'byline', () => bylineElements(page, root, top), []);
  const visible = safe(warnings, 'byline', () => readVisibleByline(page, bylineEls), { byline: { authors: [], label: null }, el: null });

  const exclude = new Set<DomElement>();
  for (const el of [title.el, leadFound.el, visible.el]) if (el) exclude.add(el);
  let blocks: BodyBlock[] = content ? safe(warnings, 'body', () => collectBlocks(page, content.nodes, exclude, content.core), []) : [];
  blocks = safe(warnings, 'json text', () => preferJsonText(doc, blocks), blocks);
  return { ...withoutRepeats(blocks, title.text, leadFound), visible };
}

/** Above this many words the HTML holds the article: the page's JSON is not even parsed. */
const JSON_TEXT_CHECK_WORDS = 1500;

/** The article text kept in the page's JSON, when the HTML holds clearly less of it. */
function preferJsonText(doc: Doc, blocks: BodyBlock[]): BodyBlock[] {
  let htmlWords = 0;
  for (const b of blocks) if ((htmlWords += countWords(b.text)) > JSON_TEXT_CHECK_WORDS) return blocks;
  const json = jsonArticleText(doc.article?.articleBody, doc.page.appState, htmlWords);
  if (!json || !jsonHoldsMore(json, htmlWords)) return blocks;
  const fromJson = jsonTextBlocks(json);
  if (!fromJson.length) return blocks;
  doc.warnings.push('article text read from the JSON in the page: its HTML holds less of it');
  return fromJson;
}

/**
 * The body must not repeat the title or the lead, nor end with the author line. A bold first
 * paragraph that repeats a lead read from meta tags is the visible lead: it leaves the body and,
 * when longer, replaces the lead.
 */
function withoutRepeats(all: BodyBlock[], title: string, leadFound: LeadResult): { blocks: BodyBlock[]; lead: string; trailing: Byline | null } {
  const blocks = all.filter((b) => (b.type === 'list' ? !isToolList(b.items) : (b.text.length > 60 || !isBoxTitle(b.text)) && !isAppeal(b.text) && !isLabelLine(b.text)));
  let lead = leadFound.text;
  if (blocks[0] && title && sameText(blocks[0].text, title)) blocks.shift();
  const dupLead = blocks.slice(0, 2).findIndex((b) => b.type !== 'list' && lead && sameText(stripOutletPrefix(b.text), lead));
  if (dupLead >= 0) {
    const b = blocks[dupLead]!;
    if (leadFound.el || b.bold || b.leadBold.length > b.text.length * 0.9) {
      if (!leadFound.el && b.text.length > lead.length) lead = stripOutletPrefix(b.text);
      blocks.splice(dupLead, 1);
    }
  }
  const trailing = trailingByline(blocks);
  if (trailing) blocks.pop();
  return { blocks, lead, trailing };
}

/** Publication and modification dates; times written without a zone get the site's zone. */
function findDates(
  doc: Doc,
  places: Pick<DateContext, 'root' | 'content' | 'byline' | 'url'>,
  options: ExtractOptions,
  language: string | null,
): { published: FoundDate | null; modified: FoundDate | null } {
  const { page, article, warnings } = doc;
  const tz = siteOffsetResolver(options.timezone, places.url, language);
  if (tz.invalidOption) warnings.push(`timezone option "${options.timezone}" not understood; ignored`);
  const dateCtx: DateContext = {
    page,
    jsonLdPublished: str(article, 'datePublished') ?? str(article, 'dateCreated'),
    jsonLdModified: str(article, 'dateModified'),
    root: places.root,
    content: places.content,
    byline: places.byline,
    url: places.url,
    resolve: tz.resolve,
    parse: { dayFirst: !/^en-us/i.test(page.htmlLang ?? '') },
    now: fetchTime(options.fetchedAt),
  };
  const published = safe(warnings, 'publishedAt', () => findPublished(dateCtx), null);
  const modified = safe(warnings, 'modifiedAt', () => findModified(dateCtx), null);
  if (!published) warnings.push('no publication date found');
  else if (published.offsetAssumed && !tz.known) warnings.push('publication time has no timezone and none is known for the site; UTC assumed');
  return { published, modified };
}

/** Why a page gave no body, in words a user can act on (a section front, an empty shell…). */
function notArticleReason(page: Page): string {
  const top = page.elements.find((el) => el.name === 'body') ?? page.elements[0];
  const info = top ? page.find(top) : undefined;
  const text = info?.text ?? 0;
  const links = page.elements.reduce((n, el) => (el.name === 'a' ? n + 1 : n), 0);
  if (text < 200) return `not an article: the page holds almost no visible text (${text} characters)`;
  if (info && info.link > text * 0.5) return `not an article: the page is mostly links (${links} links, ${Math.round((info.link / text) * 100)}% of its text)`;
  return 'not an article: no block of prose found';
}

/** The fetch time as epoch ms, or null when not given or not a date. */
function fetchTime(at: string | Date | undefined): number | null {
  if (at === undefined) return null;
  const ms = at instanceof Date ? at.getTime() : Date.parse(at);
  return Number.isFinite(ms) ? ms : null;
}

/** What the tasks step gives when it fails (fresh arrays: each article owns its own). */
function noTasks(): TaskResult {
  return { announcedTaskCount: null, taskHeading: null, tasks: [], taskWarnings: [] };
}

/** One failing heuristic must not cost the whole article. */
function safe<T>(warnings: string[], what: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (err) {
    warnings.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    return fallback;
  }
}

function commonAncestor(a: DomElement, b: DomElement): DomElement | null {
  const seen = new Set<DomElement>();
  for (let cur: DomElement | null = a, i = 0; cur && i < 500; cur = isElement(cur.parent) ? cur.parent : null, i++) seen.add(cur);
  for (let cur: DomElement | null = b, i = 0; cur && i < 500; cur = isElement(cur.parent) ? cur.parent : null, i++) if (seen.has(cur)) return cur;
  return null;
}

/** A short bold or right-aligned last paragraph made of names: the author line some sites put at the end. */
function trailingByline(blocks: BodyBlock[]): Byline | null {
  const last = blocks[blocks.length - 1];
  if (!last || last.type === 'list' || last.text.length > 80 || !(last.bold || last.alignedRight)) return null;
  const b = parseByline(last.text);
  return b.authors.length ? b : null;
}

/** Visible byline first, then JSON-LD people, then meta author; never the site itself. */
function chooseAuthors(page: Page, article: Record<string, unknown> | null, visible: Byline, trailing: Byline | null, siteName: string | null): string[] {
  const notSite = (n: string): boolean => !siteName || fold(n) !== fold(siteName);
  if (visible.authors.length) return visible.authors;
  if (trailing?.authors.length) return trailing.authors;
  if (article) {
    const fromLd = names(article.author, { peopleOnly: true }).flatMap((n) => {
      const parsed = parseByline(n).authors;
      return parsed.length ? parsed : [];
    });
    const people = dedupe(fromLd).filter(notSite);
    if (people.length) return people;
  }
  const meta = page.meta('author', 'article:author', 'dc.creator', 'byl', 'parsely-author', 'sailthru.author');
  if (meta && !/^https?:/i.test(meta)) return parseByline(meta).authors.filter(notSite);
  return [];
}
