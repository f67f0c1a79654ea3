import { Hint, hintsOfNames } from './hints';
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

/**
 * The attributes every element's indexing reads. The tree builder captures them as the parser
 * reports them: read back from the elements, each attribute object has a shape of its own, and
 * those property reads cost more than the rest of the indexing.
 */
export interface IndexedAttributes {
  cls: string | undefined;
  id: string | undefined;
  itemprop: string | undefined;
  style: string | undefined;
  rel: string | undefined;
  ariaHidden: string | undefined;
  /** Has a `hidden` attribute. */
  hidden: boolean;
}

export function noAttributes(): IndexedAttributes {
  return { cls: undefined, id: undefined, itemprop: undefined, style: undefined, rel: undefined, ariaHidden: undefined, hidden: false };
}

/** Sets one captured attribute; a repeated attribute keeps its first value, as the element's attribute object does. */
export function captureAttribute(at: IndexedAttributes, name: string, value: string): void {
  switch (name) {
    case 'class': at.cls ??= value; break;
    case 'id': at.id ??= value; break;
    case 'itemprop': at.itemprop ??= value; break;
    case 'style': at.style ??= value; break;
    case 'rel': at.rel ??= value; break;
    case 'aria-hidden': at.ariaHidden ??= value; break;
    case 'hidden': at.hidden = true; break;
  }
}

function attributesOf(a: Readonly<Record<string, string | undefined>>): IndexedAttributes {
  return { cls: a.class, id: a.id, itemprop: a.itemprop, style: a.style, rel: a.rel, ariaHidden: a['aria-hidden'], hidden: a.hidden !== undefined };
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
  /** Hint flags of this page's class and id strings (see hints.ts): keys are slices of this page's HTML, dropped with it. */
  private readonly hintCache = new Map<string, number>();
  htmlLang: string | null = null;
  documentTitle: string | null = null;
  baseHref: string | null = null;

  /** `indexed`: the tree builder has already filled the figures and lists as it parsed (see PageIndexer). */
  constructor(readonly root: DomRoot, indexed = false) {
    if (!indexed) this.scan();
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
      const at = attributesOf(el.attribs);
      this.index(el, isElement(el.parent) ? infoOf(el.parent) : undefined, at);
      this.collect(el, name, at);
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

  /** Gives an element its figures (text totals still zero) and its place in document order. @internal */
  index(el: DomElement, parent: ElementInfo | undefined, at: IndexedAttributes): ElementInfo {
    const name = el.name;
    const info: ElementInfo = {
      index: this.elements.length,
      end: this.elements.length,
      text: 0,
      link: 0,
      commas: 0,
      own: 0,
      ownCommas: 0,
      hasBlock: false,
      hints: hintsOfNames(at.cls, at.id, at.itemprop, this.hintCache),
      hidden: (parent?.hidden ?? false) || hiddenBy(at),
      chrome: (parent?.chrome ?? false) || CHROME_TAGS.has(name),
    };
    this.elements.push(el);
    (el as Indexed)[INFO] = info;
    if (info.hints & METADATA_HINTS || (name === 'a' && at.rel)) this.hinted.push(el);
    return info;
  }

  /** Gathers head metadata and element lists as the scan passes. @internal */
  collect(el: DomElement, name: string, at: IndexedAttributes): void {
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
    if (at.itemprop && name !== 'meta') this.itemprops.push({ prop: at.itemprop.toLowerCase(), el });
    if (at.rel && name === 'a') this.links.push({ rel: at.rel.toLowerCase(), href: a.href ?? '' });
  }
}

/**
 * Builds a Page while the parser builds the tree, so no second walk is needed: the tree builder
 * calls `openElement` / `text` / `closeElement` from its callbacks. It indexes exactly what Page's own scan
 * would: every element outside script, svg, title… (those get figures, their insides none).
 * Totals move up to the parent when an element closes, as all its descendants are done by then.
 */
export class PageIndexer {
  /** Figures of the open elements, innermost last; null for an element not indexed. */
  private readonly open: Array<ElementInfo | null> = [];
  /** Open elements that are, or are inside, one whose insides are not indexed. */
  private blocked = 0;

  constructor(readonly page: Page) {}

  /** Called once the element is in the tree (its parent set), before its children. */
  openElement(el: DomElement, at: IndexedAttributes): void {
    if (this.blocked > 0) {
      this.open.push(null);
      this.blocked++;
      return;
    }
    const name = el.name;
    const parent = this.open.length > 0 ? this.open[this.open.length - 1]! : undefined;
    this.open.push(this.page.index(el, parent, at));
    if (OPAQUE_TAGS.has(name) || name === 'title') this.blocked = 1;
    // A script's or title's text is read once it has all arrived; nothing is indexed in between, so order holds.
    if (name !== 'script' && name !== 'title') this.page.collect(el, name, at);
  }

  /** A piece of text inside the innermost open element (domhandler joins neighbouring pieces; counts add up the same). */
  text(data: string): void {
    if (this.blocked > 0 || this.open.length === 0) return;
    countText(data, this.open[this.open.length - 1]!);
  }

  closeElement(el: DomElement): void {
    if (this.blocked > 0) this.blocked--;
    const info = this.open.pop();
    if (!info) return;
    const name = el.name;
    if (name === 'script' || name === 'title') this.page.collect(el, name, attributesOf(el.attribs));
    if (name === 'a') info.link = info.text;
    info.end = this.page.elements.length - 1;
    const pi = this.open.length > 0 ? this.open[this.open.length - 1] : null;
    if (!pi) return;
    pi.text += info.text;
    pi.link += info.link;
    pi.commas += info.commas;
    if (info.hasBlock || isBlockTag(name)) pi.hasBlock = true;
    if (info.end > pi.end) pi.end = info.end;
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

function hiddenBy(at: IndexedAttributes): boolean {
  if (at.hidden || at.ariaHidden === 'true') return true;
  const style = at.style;
  return !!style && HIDING_STYLE.test(style);
}

const HIDING_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

/** Whether these attributes hide their element (`hidden`, `aria-hidden="true"`, `display: none`, `visibility: hidden`). */
export function hiddenByAttributes(a: Readonly<Record<string, string | undefined>>): boolean {
  if (a.hidden !== undefined || a['aria-hidden'] === 'true') return true;
  const style = a.style;
  return !!style && HIDING_STYLE.test(style);
}
