import { Hint } from '../dom/hints';
import { isElement, type DomElement } from '../dom/node';
import type { Page } from '../dom/page';
import { textOf } from '../dom/text-of';
import { isInBox } from '../body/boilerplate';

export interface LeadResult {
  text: string;
  /** The visible element the lead came from (kept out of the body), null when from meta tags. */
  el: DomElement | null;
}

const MIN_LEAD = 30;
const MAX_LEAD = 1500;
const LEAD_REACH = 3;
/** A short line opening with "By"/"Von"/"Par"… and a name is a byline, not a lead. */
const BYLINE_START = /^(?=.{0,120}$)(?:by|von|par|por|di|door|av|af|przez|bởi)\s+\p{Lu}/iu;

/**
 * The lead ("sapo"): the first element named like a lead (sapo, lead, description, summary…)
 * after the title and outside site boxes; else the page's description meta / JSON-LD.
 */
export function findLead(page: Page, title: DomElement | null, content: DomElement | null, declared: Array<string | null>): LeadResult {
  const after = title ? page.get(title).index : -1;
  const contentEnd = content ? page.get(content).end : Number.MAX_SAFE_INTEGER;
  // Without a title element to start from, the lead must sit near the article (a site slogan
  // named "description" in the page header is not its lead).
  let scope: DomElement | null = null;
  if (!title && content) {
    scope = content;
    for (let i = 0; i < LEAD_REACH && scope.parent && isElement(scope.parent) && scope.parent.name !== 'body'; i++) scope = scope.parent;
  }
  for (const el of page.hinted) {
    const info = page.get(el);
    if (!(info.hints & Hint.Lead) || info.index <= after || info.index > contentEnd) continue;
    if (scope && !page.contains(scope, el)) continue;
    if (info.text < MIN_LEAD || info.text > MAX_LEAD || info.hidden) continue;
    if (content && page.contains(el, content)) continue;
    if (info.hints & Hint.Box || isInBox(page, el, content)) continue;
    if (info.text > 0 && info.link / info.text > 0.5) continue;
    const text = stripOutletPrefix(textOf(el, page, 5000));
    if (text.length < MIN_LEAD || BYLINE_START.test(text)) continue;
    return { text, el };
  }
  for (const d of declared) {
    if (d && d.trim().length >= MIN_LEAD / 2) return { text: stripOutletPrefix(d.trim()), el: null };
  }
  return { text: '', el: null };
}

/**
 * Vietnamese leads often open with the outlet's tag: "(LĐO) - ", "(Dân trí) - ", "TPO - ".
 * Dropped: a short parenthesised name, or a short capitalised token, followed by a dash.
 */
export function stripOutletPrefix(text: string): string {
  return text
    .replace(/^\(\s*[^()]{1,20}\)\s*[-–—:]\s*/u, '')
    .replace(/^(?=[^\s]*\p{Lu}[^\s]*\p{Lu})[\p{Lu}\p{Ll}.]{2,12}\s+[-–—]\s+/u, '')
    .trim();
}
