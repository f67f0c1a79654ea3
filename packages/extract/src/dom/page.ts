import { Hint, hintsOf } from './hints';
import { isElement, textData, type DomElement, type DomNode, type DomRoot } from './node';
import { CHROME_TAGS, OPAQUE_TAGS, isBlockTag } from './tags';
import { isSpace } from '../text';

/** Per-element figures gathered in one pass, used by every later heuristic. */
export interface ElementInfo {
  /** Position in document order (pre-order). */
  index: number;
  /** Index of the element's last descendant: x is inside el iff el.index <= x.index <= el.end. */
  end: number;
  /** Non-whitespace characters of visible text below the element. */
  text: number;
  /** … of which inside links. */
  link: number;
  commas: number;
  /** Non-whitespace characters of the element's own text nodes (not descendants'). */
  own: number;
  ownCommas: number;
  /** Has a block-level element below it. */
  hasBlock: boolean;
  hints: number;
  /** Hidden by its own attributes or an ancestor's (`hidden`, `aria-hidden`, `display: none`…). */
  hidden: boolean;
  /** Inside <nav>, <aside> or <footer>. */
  chrome: boolean;
}

export interface MetaTag {
  /** Lower-cased name / property / itemprop / http-equiv. */
  key: string;
  content: string;
}

/**
 * The parsed page plus everything one walk over it can collect: per-element text figures,
 * <meta> and <link> tags, JSON-LD blobs, the document language and title, and lists of
 * elements later steps look at (h1, time, img, itemprop).
 */
export class Page {
  readonly elements: DomElement[] = [];
  /**
   * Elements named as an author, date, lead, tags or breadcrumb, and links with a `rel`, in
   * document order: the only ones the metadata steps look at, so they need not walk every element.
   */
  readonly hinted: DomElement[] = [];
  readonly metas: MetaTag[] = [];
  readonly links: Array<{ rel: string; href: string }> = [];
  readonly jsonLd: string[] = [];
  /** Application state a script hands to the page's JavaScript (__NEXT_DATA__, window.__APOLLO_STATE__ = …): JSON text. */
  readonly appState: string[] = [];
  readonly h1s: DomElement[] = [];
  readonly times: DomElement[] = [];
  readonly images: DomElement[] = [];
  readonly itemprops: Array<{ prop: string; el: DomElement }> = [];
  htmlLang: string | null = null;
  documentTitle: string | null = null;
  baseHref: string | null = null;

  constructor(readonly root: DomRoot) {
    this.scan();
  }

  get(el: DomElement): ElementInfo {
    const i = infoOf(el);
    if (!i) throw new Error('element not indexed');
    return i;
  }

  /** Info, or undefined for elements the scan did not enter (inside script, svg…). */
  find(el: DomElement): ElementInfo | undefined {
    return infoOf(el);
  }

  contains(outer: DomElement, inner: DomElement): boolean {
    const a = infoOf(outer);
    const b = infoOf(inner);
    return !!a && !!b && a.index <= b.index && b.index <= a.end;
  }

  linkDensity(el: DomElement): number {
    const i = infoOf(el);
    return i && i.text > 0 ? i.link / i.text : 0;
  }

  meta(...keys: string[]): string | null {
    for (const key of keys) {
      for (const m of this.metas) if (m.key === key && m.content.trim()) return m.content.trim();
    }
    return null;
  }

  metaAll(key: string): string[] {
    return this.metas.filter((m) => m.key === key && m.content.trim()).map((m) => m.content.trim());
  }

  private scan(): void {
    const stack: DomNode[] = [];
    for (let i = this.root.children.length - 1; i >= 0; i--) stack.push(this.root.children[i]!);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'text') {
        const parent = node.parent;
        if (isElement(parent)) {
          const pi = infoOf(parent);
          if (pi) countText(textData(node), pi);
        }
        continue;
      }
      if (!isElement(node)) continue;
      const el = node;
      const name = el.name;
      const parent = isElement(el.parent) ? infoOf(el.parent) : undefined;
      const info: ElementInfo = {
        index: this.elements.length,
        end: this.elements.length,
        text: 0,
        link: 0,
        commas: 0,
        own: 0,
        ownCommas: 0,
        hasBlock: false,
        hints: hintsOf(el),
        hidden: (parent?.hidden ?? false) || isHidden(el),
        chrome: (parent?.chrome ?? false) || CHROME_TAGS.has(name),
      };
      this.elements.push(el);
      (el as Indexed)[INFO] = info;
      if (info.hints & METADATA_HINTS || (name === 'a' && el.attribs.rel)) this.hinted.push(el);
      this.collect(el, name);
      if (OPAQUE_TAGS.has(name) || name === 'title') continue;
      const kids = el.children;
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
    }
    // Children come after their parent in document order, so one backward sweep totals them.
    for (let i = this.elements.length - 1; i >= 0; i--) {
      const el = this.elements[i]!;
      const info = infoOf(el)!;
      if (el.name === 'a') info.link = info.text;
      const parent = el.parent;
      if (!isElement(parent)) continue;
      const pi = infoOf(parent);
      if (!pi) continue;
      pi.text += info.text;
      pi.link += info.link;
      pi.commas += info.commas;
      if (info.hasBlock || isBlockTag(el.name)) pi.hasBlock = true;
      if (info.end > pi.end) pi.end = info.end;
    }
  }

  /** Gathers head metadata and element lists as the scan passes. */
  private collect(el: DomElement, name: string): void {
    const a = el.attribs;
    switch (name) {
      case 'html':
        if (!this.htmlLang) this.htmlLang = a.lang || a['xml:lang'] || null;
        break;
      case 'title':
        if (this.documentTitle === null) this.documentTitle = rawText(el);
        break;
      case 'base':
        if (a.href && !this.baseHref) this.baseHref = a.href;
        break;
      case 'meta': {
        const key = a.property ?? a.name ?? a.itemprop ?? a['http-equiv'];
        const content = a.content ?? a.value;
        if (key && content !== undefined) this.metas.push({ key: key.trim().toLowerCase(), content });
        break;
      }
      case 'link':
        if (a.rel && a.href) this.links.push({ rel: a.rel.toLowerCase(), href: a.href });
        break;
      case 'script': {
        const type = (a.type ?? '').toLowerCase();
        if (type.includes('ld+json')) this.jsonLd.push(rawText(el));
        else if (a.id === '__NEXT_DATA__' || a.id === '__NUXT_DATA__') this.appState.push(rawText(el));
        else if (!type || type.includes('javascript')) {
          const state = assignedState(rawText(el));
          if (state) this.appState.push(state);
        }
        break;
      }
      case 'h1':
        this.h1s.push(el);
        break;
      case 'time':
        this.times.push(el);
        break;
      case 'img':
      case 'amp-img':
        this.images.push(el);
        break;
    }
    if (a.itemprop && name !== 'meta') this.itemprops.push({ prop: a.itemprop.toLowerCase(), el });
    if (a.rel && name === 'a') this.links.push({ rel: a.rel.toLowerCase(), href: a.href ?? '' });
  }
}

/**
 * Figures live on the element objects themselves (under a private symbol): a Map of several
 * hundred thousand entries costs more in hashing and garbage collection than the walk itself.
 */
const INFO = Symbol('extract.info');
const METADATA_HINTS = Hint.Author | Hint.Date | Hint.Lead | Hint.Tags | Hint.Breadcrumb;
type Indexed = DomElement & { [INFO]?: ElementInfo };

function infoOf(el: DomElement): ElementInfo | undefined {
  return (el as Indexed)[INFO];
}

function rawText(el: DomElement): string {
  let s = '';
  for (const c of el.children) if (c.type === 'text') s += textData(c);
  return s;
}

/** `window.__APOLLO_STATE__ = {…};` and its kin: the JSON object literal on the right, else null. */
const STATE_ASSIGNMENT = /^\s*(?:window\.)?__(?:APOLLO_STATE|INITIAL_STATE|PRELOADED_STATE|NUXT|STATE)__\s*=\s*/;

function assignedState(script: string): string | null {
  const m = STATE_ASSIGNMENT.exec(script);
  if (!m) return null;
  return script.slice(m[0].length).replace(/;?\s*$/, '');
}

function countText(data: string, info: ElementInfo): void {
  let chars = 0;
  let commas = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (isSpace(c)) continue;
    chars++;
    if (c === 44 || c === 0xff0c || c === 0x060c) commas++;
  }
  info.own += chars;
  info.text += chars;
  info.ownCommas += commas;
  info.commas += commas;
}

function isHidden(el: DomElement): boolean {
  return hiddenByAttributes(el.attribs);
}

/** Whether these attributes hide their element (`hidden`, `aria-hidden="true"`, `display: none`, `visibility: hidden`). */
export function hiddenByAttributes(a: Readonly<Record<string, string | undefined>>): boolean {
  if (a.hidden !== undefined || a['aria-hidden'] === 'true') return true;
  const style = a.style;
  return !!style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}
