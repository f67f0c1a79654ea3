/**
 * The tree load.ts builds from htmlparser2's callbacks: plain objects of domhandler's shape
 * (type, parent, name, attribs, children, data) without its sibling links and positions. The
 * extractor walks them directly — no wrappers in hot loops.
 */
export interface DomNode {
  type: string;
  parent: DomParent | null;
}

export interface DomText extends DomNode {
  type: 'text';
  data: string;
}

export interface DomElement extends DomNode {
  type: 'tag' | 'script' | 'style';
  name: string;
  attribs: Record<string, string>;
  children: DomNode[];
}

export interface DomRoot extends DomNode {
  type: 'root';
  children: DomNode[];
}

export type DomParent = DomElement | DomRoot;

export function isElement(n: DomNode | null | undefined): n is DomElement {
  return !!n && (n.type === 'tag' || n.type === 'script' || n.type === 'style');
}

/** The element's parent when that parent is an element (not the document root). */
export function parentElement(el: DomNode): DomElement | null {
  const p = el.parent;
  return isElement(p) ? p : null;
}

/** Text of a text node (callers check `type === 'text'` first). */
export function textData(n: DomNode): string {
  return (n as DomText).data ?? '';
}
