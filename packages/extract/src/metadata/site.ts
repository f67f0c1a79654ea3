import { Hint } from '../dom/hints';
import type { DomElement } from '../dom/node';
import type { Page } from '../dom/page';
import { textOf } from '../dom/text-of';
import { isInBox } from '../body/boilerplate';
import { cleanText, fold } from '../text';

/** og:site_name, application-name, JSON-LD publisher, else the site part of <title>. */
export function findSiteName(page: Page, publisher: string | null, titleSuffix: string | null): string | null {
  return page.meta('og:site_name', 'application-name', 'apple-mobile-web-app-title') ?? publisher ?? titleSuffix ?? null;
}

/** article:section, JSON-LD articleSection, else the last breadcrumb step that is not the title. */
export function findSection(page: Page, jsonLdSection: string | null, breadcrumbs: string[], title: string): string | null {
  const meta = page.meta('article:section', 'section', 'parsely-section', 'category');
  if (meta) return cleanText(meta);
  if (jsonLdSection) return jsonLdSection;
  const crumbs = breadcrumbs.length ? breadcrumbs : visibleBreadcrumbs(page);
  const steps = crumbs.filter((c) => fold(c) !== fold(title) && !/^(?:trang chủ|home|trang nhất)$/iu.test(c));
  return steps.length ? steps[steps.length - 1]! : null;
}

function visibleBreadcrumbs(page: Page): string[] {
  for (const el of page.hinted) {
    const info = page.get(el);
    if (!(info.hints & Hint.Breadcrumb) || info.text === 0 || info.text > 300) continue;
    const out: string[] = [];
    collectLinks(el, page, out, 20);
    if (out.length) return out;
  }
  return [];
}

/**
 * Tags: article:tag metas, JSON-LD keywords, tag links on the page (rel=tag or inside a
 * tags box of the article); meta keywords only when nothing else names any.
 */
export function findTags(page: Page, jsonLdKeywords: unknown, root: DomElement | null, content: DomElement | null): string[] {
  const tags: string[] = [...page.metaAll('article:tag')];
  if (typeof jsonLdKeywords === 'string') tags.push(...jsonLdKeywords.split(','));
  else if (Array.isArray(jsonLdKeywords)) tags.push(...jsonLdKeywords.filter((k): k is string => typeof k === 'string'));
  const visible: string[] = [];
  for (const el of page.hinted) {
    const info = page.get(el);
    const isRelTag = el.name === 'a' && (el.attribs.rel ?? '').toLowerCase().split(/\s+/).includes('tag');
    if (isRelTag) {
      if (!isInBox(page, el, content)) visible.push(textOf(el, page, 200));
      continue;
    }
    if (!(info.hints & Hint.Tags) || info.text === 0 || info.text > 2000) continue;
    if (root && !page.contains(root, el)) continue;
    if (visible.length === 0) collectLinks(el, page, visible, 50);
  }
  tags.push(...visible);
  if (tags.length === 0) {
    const kw = page.meta('news_keywords', 'keywords');
    if (kw) tags.push(...kw.split(/[,;]/));
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of tags) {
    const c = cleanText(t).replace(/^#/, '');
    const k = fold(c);
    if (!c || c.length > 80 || seen.has(k)) continue;
    seen.add(k);
    out.push(c);
    if (out.length >= 50) break;
  }
  return out;
}

function collectLinks(el: DomElement, page: Page, out: string[], max: number): void {
  const stack: DomElement[] = [el];
  const found: DomElement[] = [];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.name === 'a') {
      found.push(e);
      continue;
    }
    for (let i = e.children.length - 1; i >= 0; i--) {
      const c = e.children[i]!;
      if (c.type === 'tag') stack.push(c as DomElement);
    }
  }
  for (const a of found.slice(0, max)) {
    const t = textOf(a, page, 200);
    if (t) out.push(t);
  }
}
