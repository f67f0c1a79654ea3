import type { DomElement } from '../dom/node';
import type { Page } from '../dom/page';
import { textOf } from '../dom/text-of';
import { isInBox } from '../body/boilerplate';
import { cleanText, fold } from '../text';

export interface TitleResult {
  text: string;
  /** The visible heading the title came from (kept out of the body). */
  el: DomElement | null;
}

const SEPARATOR = /\s+[|–—»·:]{1,2}\s+|\s+-\s+/g;

/**
 * Splits "Headline | Site name" — the trailing part is the site when it is short, or equals a
 * known site name. Returns the headline and the dropped site part.
 */
export function splitDocumentTitle(title: string, siteName: string | null): { headline: string; site: string | null } {
  const t = cleanText(title);
  const seps = [...t.matchAll(SEPARATOR)];
  if (seps.length === 0) return { headline: t, site: null };
  const last = seps[seps.length - 1]!;
  const tail = t.slice(last.index! + last[0].length).trim();
  const head = t.slice(0, last.index!).trim();
  const known = siteName && fold(tail) === fold(siteName);
  if (known || (tail.split(' ').length <= 5 && tail.length <= 40 && head.length > tail.length)) return { headline: head, site: tail };
  const first = seps[0]!;
  const lead = t.slice(0, first.index!).trim();
  if (siteName && fold(lead) === fold(siteName)) return { headline: t.slice(first.index! + first[0].length).trim(), site: lead };
  return { headline: t, site: null };
}

/**
 * The article title: the <h1> that matches the page's declared titles (og:title, JSON-LD
 * headline, <title>) best, else the <h1> nearest before the content, else the declared title.
 */
export function findTitle(page: Page, declared: string[], content: DomElement | null, siteName: string | null): TitleResult {
  const refs = declared.map((d) => splitDocumentTitle(d, siteName).headline).filter(Boolean);
  const contentIndex = content ? page.get(content).index : Number.MAX_SAFE_INTEGER;
  let best: { el: DomElement; text: string; score: number } | null = null;
  for (const h of page.h1s) {
    if (isInBox(page, h, content)) continue;
    const text = textOf(h, page, 1000);
    if (text.length < 3) continue;
    const sim = refs.length ? Math.max(...refs.map((r) => dice(text, r))) : 0;
    const info = page.get(h);
    // Prefer the heading just above the content; one after it loses a little.
    const distance = !content ? info.index / 1e9 : info.index <= contentIndex ? (contentIndex - info.index) / 1e6 : 0.1;
    const score = sim - distance;
    if (refs.length && sim < 0.5) continue;
    if (!best || score > best.score) best = { el: h, text, score };
  }
  if (best) return { text: best.text, el: best.el };
  // No <h1> matches the declared titles (a generic <title>, or none): the <h1> sitting with the
  // content still is the headline, as long as it is not in the site header.
  if (content) {
    const near = nearestHeadingBefore(page, content);
    if (near) return near;
  }
  const fallback = refs[0] ?? '';
  return { text: fallback, el: null };
}

function nearestHeadingBefore(page: Page, content: DomElement): TitleResult | null {
  const contentIndex = page.get(content).index;
  let chosen: DomElement | null = null;
  for (const h of page.h1s) {
    const info = page.get(h);
    if (info.index > contentIndex || isInBox(page, h, content) || info.text < 10) continue;
    if (!chosen || info.index > page.get(chosen).index) chosen = h;
  }
  if (!chosen) return null;
  // Same article container: their common ancestor is below <body>.
  let cur = chosen.parent;
  while (cur && cur.type !== 'root') {
    const el = cur as DomElement;
    if (el.name === 'body' || el.name === 'html') return null;
    if (page.contains(el, content)) return { text: textOf(chosen, page, 1000), el: chosen };
    cur = el.parent;
  }
  return null;
}

/** Dice coefficient over words. */
function dice(a: string, b: string): number {
  const wa = fold(a).split(' ').filter(Boolean);
  const wb = fold(b).split(' ').filter(Boolean);
  if (!wa.length || !wb.length) return 0;
  const counts = new Map<string, number>();
  for (const w of wb) counts.set(w, (counts.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of wa) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      shared++;
      counts.set(w, c - 1);
    }
  }
  return (2 * shared) / (wa.length + wb.length);
}
