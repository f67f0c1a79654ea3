import { load } from 'cheerio/slim';
import { limitNesting } from './depth';
import { isElement, type DomElement, type DomRoot } from './node';

/** Deeper nesting than this is flattened before parsing (see depth.ts). */
export const MAX_NESTING = 2000;

/**
 * Parses the page once. cheerio's htmlparser2 mode (xmlMode off, entities decoded) is
 * several times faster than parse5 on news pages and tolerant of any input; everything
 * after this walks the resulting tree, never re-parsing.
 */
export function parseHtml(html: string): { root: DomRoot; flattened: boolean } {
  const limited = limitNesting(html, MAX_NESTING);
  const $ = load(limited.html, { xml: { xmlMode: false, decodeEntities: true } });
  const root = $.root()[0] as unknown as DomRoot;
  wrapFragment(root);
  return { root, flattened: limited.flattened };
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
