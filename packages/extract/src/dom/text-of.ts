import type { Page } from './page';
import { isElement, textData, type DomElement } from './node';
import { OPAQUE_TAGS, isBlockTag } from './tags';
import { cleanText } from '../text';

/**
 * Visible text of an element, whitespace-normalised. Block boundaries and <br> become
 * spaces so words of neighbouring blocks never run together. Iterative: safe on
 * arbitrarily deep trees.
 */
export function textOf(el: DomElement, page?: Page, maxChars = 100_000): string {
  const parts: string[] = [];
  let size = 0;
  const stack: Array<DomElement | string> = [el];
  while (stack.length > 0 && size < maxChars) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      parts.push(item);
      size += item.length;
      continue;
    }
    const kids = item.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i]!;
      if (k.type === 'text') stack.push(textData(k));
      else if (isElement(k)) {
        if (OPAQUE_TAGS.has(k.name)) continue;
        if (page?.find(k)?.hidden) continue;
        if (k.name === 'br' || isBlockTag(k.name)) {
          stack.push(' ');
          stack.push(k);
          stack.push(' ');
        } else stack.push(k);
      }
    }
  }
  return cleanText(parts.join(''));
}
