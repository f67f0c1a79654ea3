import { DomHandler } from 'domhandler';
import { Parser } from 'htmlparser2';
import { limitNesting } from './depth';
import { isElement, type DomElement, type DomRoot } from './node';

/** Deeper nesting than this is flattened before parsing (see depth.ts). */
export const MAX_NESTING = 2000;

/** Thrown from inside the parser the moment the tree gets deeper than the limit. */
const TOO_DEEP = new Error('nesting limit');

/** domhandler's tree builder, stopping the parse as soon as an element would sit deeper than `limit`. */
class DepthLimitedHandler extends DomHandler {
  constructor(private readonly limit: number) {
    super();
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    // tagStack holds the document itself plus the open elements.
    if (this.tagStack.length > this.limit + 1) throw TOO_DEEP;
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
  let root = parseWithLimit(html, MAX_NESTING);
  let flattened = false;
  if (!root) {
    const limited = limitNesting(html, MAX_NESTING);
    flattened = limited.flattened;
    // The pre-scan tracks depth the way the parser roughly does; whatever it misses is not stopped again.
    root = parseWithLimit(limited.html, Number.POSITIVE_INFINITY)!;
  }
  wrapFragment(root);
  return { root, flattened };
}

function parseWithLimit(html: string, limit: number): DomRoot | null {
  const handler = new DepthLimitedHandler(limit);
  try {
    new Parser(handler, { xmlMode: false, decodeEntities: true }).end(html);
  } catch (err) {
    if (err === TOO_DEEP) return null;
    throw err;
  }
  return handler.root as unknown as DomRoot;
}

/**
 * htmlparser2 does not invent <html>/<body> for fragments; without them top-level paragraphs
 * have no container to score. A fragment's nodes are moved under a synthetic <body>.
 */
function wrapFragment(root: DomRoot): void {
  if (root.children.some((c) => isElement(c) && c.name === 'html')) return;
  const body: DomElement = { type: 'tag', name: 'body', attribs: {}, children: root.children, parent: root };
  for (const c of body.children) c.parent = body;
  root.children = [body];
}
