/**
 * Structural view of the tree htmlparser2 builds (domhandler nodes). Declared here so the
 * extractor walks plain objects directly — no wrappers in hot loops, and only load.ts
 * knows domhandler's classes.
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
