import { Hint } from '../dom/hints';
import { isElement, parentElement, type DomElement } from '../dom/node';
import type { Page } from '../dom/page';
import { OPAQUE_TAGS } from '../dom/tags';
import { textOf } from '../dom/text-of';

/** Where the article text lives: the best-scoring element plus sibling parts of it. */
export interface Content {
  top: DomElement;
  /** The best-scoring element before climbing to its wider container: never dropped as a box. */
  core: DomElement;
  /** `top` and the siblings merged with it, in document order. */
  nodes: DomElement[];
}

/** Elements whose whole text counts as one paragraph when they have no block children. */
const PARAGRAPH_LIKE = new Set(['div', 'section', 'article', 'main', 'center', 'td', 'font']);
const MIN_PARAGRAPH = 25;
const MIN_TOP_SCORE = 8;
const SHORT_PARAGRAPH = 8;
const SHORT_TOP_SCORE = 4;
const ANCESTOR_LEVELS = 6;
const CLIMB_FACTOR = 1.3;
const CLIMB_REACH = 10;
const BOXED_FACTOR = 0.3;

/**
 * Main content detection by paragraph scoring. Every paragraph of 25+ characters gives its
 * container points for its length and commas (prose has commas, menus do not), half as many
 * to the container's parent. A container's score is then adjusted by its class/id names and
 * multiplied by (1 − link density), so link lists such as latest-news boxes sink.
 */
export function findContent(page: Page): Content | null {
  // Articles made of short lines (lists of measures, briefs) score nothing at the usual
  // paragraph length; a second pass with a lower floor catches them.
  return score(page, MIN_PARAGRAPH, MIN_TOP_SCORE) ?? score(page, SHORT_PARAGRAPH, SHORT_TOP_SCORE);
}

function score(page: Page, minParagraph: number, minTop: number): Content | null {
  const { scores, mass } = scoreParagraphs(page, minParagraph);
  const ranked = rankCandidates(page, scores);
  if (!ranked.top || ranked.best < minTop) return null;
  const core = ranked.top;
  const { top, best } = climbToContainer(page, core, ranked.best, mass, ranked.finals);
  return { top, core, nodes: mergeSiblings(page, top, best, ranked.finals) };
}

/** Paragraph points per container, before class/id names and link density are applied. */
interface ParagraphScores {
  /** Points of each ancestor of a paragraph, fading with distance, on top of its initial score. */
  scores: Map<DomElement, number>;
  /** Undecayed prose mass of each ancestor, not counted past a site box. */
  mass: Map<DomElement, number>;
}

function scoreParagraphs(page: Page, minParagraph: number): ParagraphScores {
  const scores = new Map<DomElement, number>();
  const mass = new Map<DomElement, number>();
  for (const el of page.elements) {
    const info = page.get(el);
    if (info.chrome || info.hidden || OPAQUE_TAGS.has(el.name)) continue;
    let len: number;
    let commas: number;
    let target: DomElement | null;
    if (el.name === 'p' || el.name === 'pre' || (!info.hasBlock && PARAGRAPH_LIKE.has(el.name))) {
      len = info.text;
      commas = info.commas;
      target = parentElement(el);
    } else if (info.hasBlock && info.own >= minParagraph && el.name !== 'body' && el.name !== 'html') {
      // Text written straight into a container between <br>s.
      len = info.own;
      commas = info.ownCommas;
      target = el;
    } else continue;
    if (len < minParagraph || !target) continue;
    const s = 1 + commas + Math.min(Math.floor(len / 100), 3);
    creditAncestors(page, target, s, scores);
    addMass(page, target, s, mass);
  }
  return { scores, mass };
}

/**
 * Parent gets it all, grandparent half, and further ancestors a fading share: templates that
 * wrap every paragraph in its own one or two divs still add up in the article's container.
 */
function creditAncestors(page: Page, target: DomElement, s: number, scores: Map<DomElement, number>): void {
  let anc: DomElement | null = target;
  for (let level = 0; anc && level < ANCESTOR_LEVELS; level++, anc = parentElement(anc)) {
    scores.set(anc, (scores.get(anc) ?? initialScore(page, anc)) + (level === 0 ? s : s / (level * 2)));
  }
}

/** Adds a paragraph's points, undecayed, to every ancestor up to and including the first site box. */
function addMass(page: Page, target: DomElement, s: number, mass: Map<DomElement, number>): void {
  for (let a: DomElement | null = target, i = 0; a && i < 200; a = parentElement(a), i++) {
    mass.set(a, (mass.get(a) ?? 0) + s);
    if (page.get(a).hints & Hint.Box) break;
  }
}

/** Final score of every candidate (names, link density, site boxes) and the best one. */
function rankCandidates(page: Page, scores: Map<DomElement, number>): { top: DomElement | null; best: number; finals: Map<DomElement, number> } {
  let top: DomElement | null = null;
  let best = -Infinity;
  const finals = new Map<DomElement, number>();
  for (const [el, raw] of scores) {
    let f = withHints(page, el, raw) * (1 - page.linkDensity(el));
    // Prose inside a cookie notice, modal, sidebar or comment box is not the article.
    if (f > 0 && inSiteBox(page, el)) f *= BOXED_FACTOR;
    finals.set(el, f);
    if (f > best) {
      best = f;
      top = el;
    }
  }
  return { top, best, finals };
}

/**
 * The best-scoring element can be one part of an article its template split into blocks:
 * climb (over plain wrappers) while an ancestor holds clearly more prose and is not mostly links.
 */
function climbToContainer(
  page: Page, core: DomElement, coreScore: number, mass: Map<DomElement, number>, finals: Map<DomElement, number>,
): { top: DomElement; best: number } {
  let top = core;
  let best = coreScore;
  for (let i = 0; i < 50; i++) {
    let up: DomElement | null = null;
    let a = parentElement(top);
    for (let k = 0; a && k < CLIMB_REACH && a.name !== 'body' && a.name !== 'html'; k++, a = parentElement(a)) {
      if ((mass.get(a) ?? 0) * (1 - page.linkDensity(a)) >= (mass.get(top) ?? 0) * CLIMB_FACTOR) {
        up = a;
        break;
      }
    }
    if (!up) break;
    top = up;
    best = Math.max(best, finals.get(up) ?? 0);
  }
  return { top, best };
}

function initialScore(page: Page, el: DomElement): number {
  const info = page.get(el);
  let s = 0;
  switch (el.name) {
    case 'div': case 'article': case 'main': case 'section': case 'td':
      s = 5; break;
    case 'pre': case 'blockquote':
      s = 3; break;
    case 'ol': case 'ul': case 'li': case 'dl': case 'dd': case 'dt': case 'form': case 'address':
      s = -3; break;
    case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': case 'th':
      s = -5; break;
    case 'body': case 'html':
      s = -10; break;
  }
  if (info.hints & Hint.Box) s -= 25;
  return s;
}

/**
 * A name that says "article" / "content" adds up to 25 points, but never more than the text
 * below the element earned: a tiny "article-meta" line must not outrank the article itself.
 */
function withHints(page: Page, el: DomElement, raw: number): number {
  const info = page.get(el);
  let bonus = 0;
  if (info.hints & Hint.Positive) bonus += 25;
  if ((el.attribs.itemprop ?? '').toLowerCase().includes('articlebody')) bonus += 25;
  if (bonus === 0) return raw;
  const earned = raw - initialScore(page, el);
  return raw + Math.min(bonus, Math.max(0, earned));
}

/**
 * Articles are sometimes split into sibling blocks (an ad or a video between two halves):
 * siblings that score well, or that are plain prose paragraphs, join the top candidate.
 */
function mergeSiblings(page: Page, top: DomElement, topScore: number, finals: Map<DomElement, number>): DomElement[] {
  const parent = top.parent;
  if (!parent || !isElement(parent)) return [top];
  const threshold = Math.max(10, topScore * 0.2);
  const out: DomElement[] = [];
  for (const sib of parent.children) {
    if (!isElement(sib)) continue;
    if (sib === top) {
      out.push(sib);
      continue;
    }
    const info = page.find(sib);
    if (!info || info.hidden || info.hints & Hint.Box || OPAQUE_TAGS.has(sib.name)) continue;
    const ld = info.text > 0 ? info.link / info.text : 0;
    if ((finals.get(sib) ?? 0) >= threshold) out.push(sib);
    else if (sib.name === 'p' && info.text > 80 && ld < 0.25) out.push(sib);
    else if (sib.name === 'p' && info.text > 0 && ld === 0 && /[.!?…"”]$/.test(textOf(sib, page, 2000))) out.push(sib);
  }
  return out;
}

/**
 * Whether an element or one of its ancestors is named as a site box only (not also as content).
 * "sidebar" alone does not count: templates name the main column "sidebar-1" or its wrapper "sidebar_right".
 */
function inSiteBox(page: Page, el: DomElement): boolean {
  for (let a: DomElement | null = el, i = 0; a && i < 200; a = parentElement(a), i++) {
    const h = page.get(a).hints;
    if (h & Hint.Box && !(h & (Hint.Positive | Hint.SidebarOnly))) return true;
  }
  return false;
}
