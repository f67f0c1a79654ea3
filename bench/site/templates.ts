/**
 * Four page layouts of the bench site, after the shapes of real news sites: a Vietnamese
 * daily (class-named divs), a Vietnamese portal (JSON-LD, sapo, tags), an English paper
 * (schema.org microdata) and an English WordPress magazine (entry-content, widgets,
 * comments). Around the article each carries what real pages carry and a crawler must
 * read through: mega-menus, inline style and script, teaser lists linking to other
 * articles, footers — padded with teasers until the page reaches its drawn size.
 */
import { between, EN, paragraph, pick, sentence, VI, type Language, type Random } from './words';

export interface ArticleSpec {
  n: number;
  path: string;
  template: TemplateName;
  lang: Language;
  title: string;
  lead: string;
  paragraphs: string[];
  author: string;
  section: string;
  publishedAt: string;
  /** Total page size to reach, bytes. */
  targetBytes: number;
}

export const MAX_PAGE_BYTES = 80 * 1024;

export type TemplateName = 'vi-daily' | 'vi-portal' | 'en-paper' | 'en-magazine';
export const TEMPLATES: readonly TemplateName[] = ['vi-daily', 'vi-portal', 'en-paper', 'en-magazine'];

export interface Teaser {
  path: string;
  title: string;
  summary: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function menu(lang: Language, rnd: Random): string {
  const items = lang.sections.flatMap((s) => [s, ...lang.topics.map((t) => `${s} · ${t}`)]);
  return items.map((s, i) => `<li class="menu-item menu-item-${i}"><a href="/${lang.code}/chuyen-muc/${i}" title="${esc(s)}">${esc(s)}</a></li>`).join('') + `<!-- ${sentence(rnd, lang)} -->`;
}

function inlineStyle(rnd: Random): string {
  const rules = Array.from({ length: 60 }, (_, i) => `.c${i}-${between(rnd, 100, 999)}{margin:${i % 7}px ${i % 5}px;padding:${i % 3}px;color:#${(i * 2654435761).toString(16).slice(-6).padStart(6, '0')};font:${12 + (i % 6)}px/1.${i % 9} Arial,sans-serif}`);
  return `<style>${rules.join('\n')}</style>`;
}

function inlineScript(spec: ArticleSpec): string {
  const cfg = { page: 'article', id: spec.n, section: spec.section, author: spec.author, ads: Array.from({ length: 12 }, (_, i) => ({ slot: `div-gpt-ad-${spec.n}-${i}`, sizes: [[300, 250], [728, 90]], targeting: { pos: i, sec: spec.section } })) };
  return `<script>window.__PAGE__=${JSON.stringify(cfg)};(function(w,d){var s=d.createElement('script');s.async=1;s.src='/static/analytics.js?v=${spec.n % 17}';d.head.appendChild(s);w.dataLayer=w.dataLayer||[];w.dataLayer.push({event:'pageview',id:${spec.n}});})(window,document);</script>`;
}

function teaserList(teasers: Teaser[], cls: string): string {
  return `<ul class="${cls}">${teasers.map((t) => `<li class="item-news"><a href="${t.path}" title="${esc(t.title)}"><img src="/img/thumb${t.path.length % 9}.jpg" alt="${esc(t.title)}" width="180" height="108" loading="lazy"></a><h3 class="title-news"><a href="${t.path}">${esc(t.title)}</a></h3><p class="description">${esc(t.summary)}</p></li>`).join('\n')}</ul>`;
}

function footer(lang: Language, rnd: Random): string {
  const cols = Array.from({ length: 6 }, (_, c) => `<div class="footer-col"><h4>${esc(pick(rnd, lang.sections))}</h4><ul>${Array.from({ length: 10 }, (_, i) => `<li><a href="/${lang.code}/f/${c}/${i}">${esc(pick(rnd, lang.topics))}</a></li>`).join('')}</ul></div>`);
  return `<footer class="site-footer">${cols.join('')}<p class="copyright">© 2024 ${lang.code === 'vi' ? 'Báo Tin Nhanh. Giấy phép số 123/GP-BTTTT. Địa chỉ: 12 Lý Thường Kiệt, Hà Nội.' : 'The Daily Ledger. All rights reserved. 1 Fleet Street, London.'}</p></footer>`;
}

function body(spec: ArticleSpec, tag = 'p', cls = ''): string {
  return spec.paragraphs
    .map((p, i) => (i > 0 && i % 6 === 0 ? `<figure class="image"><img src="/img/${spec.n}-${i}.jpg" alt="${esc(spec.title)}"><figcaption>${esc(p.slice(0, 80))}</figcaption></figure>\n` : '') + `<${tag}${cls ? ` class="${cls}"` : ''}>${esc(p)}</${tag}>`)
    .join('\n');
}

function head(spec: ArticleSpec, rnd: Random, extra = ''): string {
  return `<!DOCTYPE html><html lang="${spec.lang.code}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(spec.title)} - ${spec.lang.code === 'vi' ? 'Tin Nhanh' : 'The Daily Ledger'}</title>
<meta name="description" content="${esc(spec.lead)}"><meta property="og:title" content="${esc(spec.title)}"><meta property="og:type" content="article"><meta property="og:url" content="${spec.path}">
<meta property="article:published_time" content="${spec.publishedAt}"><meta property="article:section" content="${esc(spec.section)}"><meta name="author" content="${esc(spec.author)}"><link rel="canonical" href="${spec.path}">
${inlineStyle(rnd)}${extra}</head>`;
}

type Layout = (spec: ArticleSpec, rnd: Random, teasers: Teaser[]) => { before: string; after: (padding: string) => string };

const layouts: Record<TemplateName, Layout> = {
  'vi-daily': (spec, rnd, teasers) => ({
    before: `${head(spec, rnd)}<body><header class="header"><div class="logo"><a href="/">Tin Nhanh</a></div><nav class="main-nav"><ul>${menu(spec.lang, rnd)}</ul></nav></header>
<section class="section page-detail"><div class="container"><div class="sidebar-1"><ul class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/${spec.lang.code}/chuyen-muc/1">${esc(spec.section)}</a></li></ul><span class="date">${spec.publishedAt.slice(0, 10)}</span>
<h1 class="title-detail">${esc(spec.title)}</h1><p class="description">${esc(spec.lead)}</p><article class="fck_detail">${body(spec, 'p', 'Normal')}<p class="author_mail"><strong>${esc(spec.author)}</strong></p></article>
<div class="box-tinlienquan"><h2>${spec.lang.related}</h2>${teaserList(teasers.slice(0, 5), 'list-news')}</div></div>`,
    after: (padding) => `<div class="sidebar-2"><div class="box-most-read">${teaserList(teasers.slice(5), 'list-most-read')}</div>${padding}</div></div></section>${footer(spec.lang, rnd)}${inlineScript(spec)}</body></html>`,
  }),
  'vi-portal': (spec, rnd, teasers) => ({
    before: `${head(spec, rnd, `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: spec.title, description: spec.lead, datePublished: spec.publishedAt, author: { '@type': 'Person', name: spec.author }, articleSection: spec.section })}</script>`)}
<body><div id="wrapper"><div class="menu-wrap"><ul class="menu">${menu(spec.lang, rnd)}</ul></div><main class="main"><article class="singular-container"><div class="singular-sidebar"></div>
<h1 class="title-page detail">${esc(spec.title)}</h1><div class="author-wrap"><div class="author-name"><b>${esc(spec.author)}</b></div><time class="author-time" datetime="${spec.publishedAt}">${spec.publishedAt.slice(0, 16).replace('T', ' ')}</time></div>
<h2 class="singular-sapo">${esc(spec.lead)}</h2><div class="singular-content">${body(spec)}</div><div class="tags-wrap"><span>Từ khóa:</span>${spec.lang.topics.map((t) => `<a class="tag" href="/tag/${encodeURIComponent(t)}">${esc(t)}</a>`).join('')}</div></article>
<section class="article-related"><h3>${spec.lang.related}</h3>${teaserList(teasers.slice(0, 6), 'article-list')}</section>`,
    after: (padding) => `<aside class="sidebar">${teaserList(teasers.slice(6), 'most-read')}${padding}</aside></main>${footer(spec.lang, rnd)}</div>${inlineScript(spec)}</body></html>`,
  }),
  'en-paper': (spec, rnd, teasers) => ({
    before: `${head(spec, rnd)}<body><a class="skip" href="#maincontent">Skip to main content</a><header role="banner"><nav aria-label="Sections"><ul>${menu(spec.lang, rnd)}</ul></nav></header>
<main id="maincontent"><article itemscope itemtype="https://schema.org/NewsArticle"><div class="article-header"><a class="kicker" href="/en/chuyen-muc/2">${esc(spec.section)}</a><h1 itemprop="headline">${esc(spec.title)}</h1><div class="standfirst" itemprop="description"><p>${esc(spec.lead)}</p></div>
<address class="byline">By <a rel="author" itemprop="author" href="/profile/${spec.n % 6}">${esc(spec.author)}</a></address><time itemprop="datePublished" datetime="${spec.publishedAt}">${new Date(spec.publishedAt).toUTCString()}</time></div>
<div class="article-body" itemprop="articleBody">${body(spec)}</div></article><aside class="onward"><h2>${spec.lang.related}</h2>${teaserList(teasers.slice(0, 4), 'onward-list')}</aside>`,
    after: (padding) => `<section class="most-viewed"><h2>Most viewed</h2>${teaserList(teasers.slice(4), 'most-viewed-list')}${padding}</section></main>${footer(spec.lang, rnd)}${inlineScript(spec)}</body></html>`,
  }),
  'en-magazine': (spec, rnd, teasers) => ({
    before: `${head(spec, rnd)}<body class="post-template-default single single-post postid-${spec.n}"><div id="page" class="site"><header id="masthead" class="site-header"><nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">${menu(spec.lang, rnd)}</ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main"><article id="post-${spec.n}" class="post type-post status-publish format-standard hentry"><header class="entry-header"><h1 class="entry-title">${esc(spec.title)}</h1>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="${spec.publishedAt}">${spec.publishedAt.slice(0, 10)}</time></span><span class="byline"> by <span class="author vcard"><a class="url fn n" href="/author/${spec.n % 6}">${esc(spec.author)}</a></span></span></div></header>
<div class="entry-content"><p class="intro"><em>${esc(spec.lead)}</em></p>${body(spec)}</div><footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/${spec.n % 8}" rel="category tag">${esc(spec.section)}</a></span></footer></article>
<div id="comments" class="comments-area"><h2 class="comments-title">3 thoughts</h2><ol class="comment-list">${Array.from({ length: 3 }, () => `<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">${esc(pick(rnd, spec.lang.authors))}</b></footer><div class="comment-content"><p>${esc(sentence(rnd, spec.lang))}</p></div></article></li>`).join('')}</ol></div></main></div>`,
    after: (padding) => `<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>${teaserList(teasers, 'recent-posts')}</section>${padding}</aside></div>${footer(spec.lang, rnd)}</div>${inlineScript(spec)}</body></html>`,
  }),
};

/** The page of one article, padded with more teasers until it reaches `targetBytes`. */
export function renderArticle(spec: ArticleSpec, rnd: Random, teasersOf: (count: number) => Teaser[]): string {
  const layout = layouts[spec.template](spec, rnd, teasersOf(12));
  const pads: string[] = [];
  let size = Buffer.byteLength(layout.before) + Buffer.byteLength(layout.after(''));
  while (size < spec.targetBytes) {
    const block = `<div class="box-category"><h2 class="title-box">${spec.lang.readMore}</h2>${teaserList(teasersOf(6), 'list-news-subfolder')}</div>`;
    // Never past the site's ceiling (MAX_PAGE_BYTES), even when the last block overshoots the target.
    if (size + Buffer.byteLength(block) + 1 > MAX_PAGE_BYTES) break;
    pads.push(block);
    size += Buffer.byteLength(block);
  }
  return layout.before + layout.after(pads.join('\n'));
}

export function languageOf(template: TemplateName): Language {
  return template.startsWith('vi') ? VI : EN;
}

/** Article prose: title, lead, 8–30 paragraphs. */
export function prose(rnd: Random, lang: Language): { title: string; lead: string; paragraphs: string[] } {
  const title = `${sentence(rnd, lang).replace(/\.$/, '')}`;
  return { title, lead: `${sentence(rnd, lang)} ${sentence(rnd, lang)}`, paragraphs: Array.from({ length: between(rnd, 8, 30) }, () => paragraph(rnd, lang)) };
}
