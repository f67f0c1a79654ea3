/** Tag classes used by every walk over the tree. */

/** Elements that start a new block of text (everything else is treated as inline). */
export const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'canvas', 'caption', 'center', 'dd', 'details',
  'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'frameset',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'iframe', 'legend', 'li', 'main',
  'menu', 'nav', 'noscript', 'object', 'ol', 'p', 'picture', 'pre', 'section', 'summary', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'video', 'audio', 'svg', 'math', 'template',
  'script', 'style', 'select', 'textarea', 'button', 'embed', 'head',
]);

/** Never contain article text: not descended into at all. */
export const OPAQUE_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas',
  'video', 'audio', 'select', 'textarea', 'button', 'input', 'map', 'frameset', 'frame',
  // Ruby annotations (furigana readings above kanji) would otherwise be spliced into the text.
  'rt', 'rp',
]);

/** Page furniture by tag: their text is never body text and their images never article images. */
export const CHROME_TAGS = new Set(['nav', 'aside', 'footer']);

export const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

export function isBlockTag(name: string): boolean {
  return BLOCK_TAGS.has(name) || name.includes('-');
}
