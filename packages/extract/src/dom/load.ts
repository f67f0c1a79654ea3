import { Parser, type Handler } from 'htmlparser2';
import { limitNesting } from './depth';
import { isElement, type DomElement, type DomNode, type DomParent, type DomRoot } from './node';
import { Page, PageIndexer, captureAttribute, noAttributes } from './page';

/** Deeper nesting than this is flattened before parsing (see depth.ts). */
export const MAX_NESTING = 2000;

/** Thrown from inside the parser the moment the tree gets deeper than the limit. */
const TOO_DEEP = new Error('nesting limit');

type DomChild = DomNode & { data?: string };

/**
 * Builds the tree from htmlparser2's callbacks as plain objects of the shape node.ts declares
 * (what domhandler builds, minus the sibling links and positions nothing here reads, which
 * makes building it cheaper), stops the parse as soon as an element would sit deeper than
 * `limit`, and, given an indexer, indexes the page as the tree grows (no second walk over it).
 * Neighbouring pieces of text join into one node, as in domhandler.
 */
class TreeBuilder implements Partial<Handler> {
  readonly root: DomRoot = { type: 'root', parent: null, children: [] };
  private readonly stack: DomParent[] = [this.root];
  /** The text or comment node still being written to. */
  private last: DomChild | null = null;
  private readonly indexer: PageIndexer | null;
  /** The indexed attributes of the tag being opened, as the parser reports them. */
  private readonly attributes = noAttributes();

  constructor(
    private readonly limit: number,
    makeIndexer: (root: DomRoot) => PageIndexer | null = () => null,
  ) {
    this.indexer = makeIndexer(this.root);
  }

  onopentagname(): void {
    const at = this.attributes;
    at.cls = at.id = at.itemprop = at.style = at.rel = at.ariaHidden = undefined;
    at.hidden = false;
  }

  onattribute(name: string, value: string): void {
    if (this.indexer) captureAttribute(this.attributes, name, value);
  }

  onopentag(name: string, attribs: Record<string, string>): void {
    const type = name === 'script' ? 'script' : name === 'style' ? 'style' : 'tag';
    const el: DomElement = { type, name, attribs, children: [], parent: null };
    this.add(el);
    this.stack.push(el);
    // The stack holds the document itself plus the open elements.
    if (this.stack.length > this.limit + 1) throw TOO_DEEP;
    this.indexer?.openElement(el, this.attributes);
  }

  onclosetag(): void {
    this.last = null;
    const el = this.stack.pop() as DomElement;
    this.indexer?.closeElement(el);
  }

  ontext(data: string): void {
    const last = this.last;
    if (last && last.type === 'text') last.data += data;
    else {
      const node: DomChild = { type: 'text', parent: null, data };
      this.add(node);
      this.last = node;
    }
    this.indexer?.text(data);
  }

  oncomment(data: string): void {
    const last = this.last;
    if (last && last.type === 'comment') {
      last.data += data;
      return;
    }
    const node: DomChild = { type: 'comment', parent: null, data };
    this.add(node);
    this.last = node;
  }

  oncommentend(): void {
    this.last = null;
  }

  oncdatastart(): void {
    // Only in XML mode, which is never used here; kept so the tree is complete either way.
    const node = { type: 'cdata', parent: null, children: [] as DomNode[] };
    this.add(node);
    const text: DomChild = { type: 'text', parent: node as unknown as DomParent, data: '' };
    node.children.push(text);
    this.last = text;
  }

  oncdataend(): void {
    this.last = null;
  }

  onprocessinginstruction(name: string, data: string): void {
    this.add({ type: 'directive', parent: null, name, data } as DomChild);
  }

  private add(node: DomChild): void {
    const parent = this.stack[this.stack.length - 1]!;
    parent.children.push(node);
    node.parent = parent;
    this.last = null;
  }
}

/**
 * Parses the page once with htmlparser2 (the parser cheerio uses in its fast mode: xmlMode off,
 * entities decoded; several times faster than parse5 on news pages and tolerant of any input).
 * Everything after this walks the resulting tree, never re-parsing. Only a page nested deeper
 * than MAX_NESTING, where htmlparser2's open-element stack turns quadratic, is parsed a second
 * time, after depth.ts has flattened it: normal pages pay no pre-scan.
 */
export function parseHtml(html: string): { root: DomRoot; flattened: boolean } {
  const { root, flattened } = parseTree(html, false);
  return { root, flattened };
}

/** Parses and indexes the page in the same pass (see PageIndexer). */
export function parsePage(html: string): { page: Page; flattened: boolean } {
  const { root, flattened, page, wrapped } = parseTree(html, true);
  // A fragment got a synthetic <body> after the parse: indexed afresh, so that body comes first.
  return { page: page && !wrapped ? page : new Page(root), flattened };
}

function parseTree(html: string, index: boolean): { root: DomRoot; page: Page | null; flattened: boolean; wrapped: boolean } {
  let parsed = parseWithLimit(html, MAX_NESTING, index);
  let flattened = false;
  if (!parsed) {
    const limited = limitNesting(html, MAX_NESTING);
    flattened = limited.flattened;
    // The pre-scan tracks depth the way the parser roughly does; whatever it misses is not stopped again.
    parsed = parseWithLimit(limited.html, Number.POSITIVE_INFINITY, index)!;
  }
  const wrapped = wrapFragment(parsed.root);
  return { ...parsed, flattened, wrapped };
}

function parseWithLimit(html: string, limit: number, index: boolean): { root: DomRoot; page: Page | null } | null {
  let page: Page | null = null;
  const handler = new TreeBuilder(limit, (root) => {
    page = index ? new Page(root, true) : null;
    return page ? new PageIndexer(page) : null;
  });
  try {
    new Parser(handler, { xmlMode: false, decodeEntities: true }).end(html);
  } catch (err) {
    if (err === TOO_DEEP) return null;
    throw err;
  }
  return { root: handler.root, page };
}

/**
 * htmlparser2 does not invent <html>/<body> for fragments; without them top-level paragraphs
 * have no container to score. A fragment's nodes are moved under a synthetic <body>.
 */
function wrapFragment(root: DomRoot): boolean {
  if (root.children.some((c) => isElement(c) && c.name === 'html')) return false;
  const body: DomElement = { type: 'tag', name: 'body', attribs: {}, children: root.children, parent: root };
  for (const c of body.children) c.parent = body;
  root.children = [body];
  return true;
}
