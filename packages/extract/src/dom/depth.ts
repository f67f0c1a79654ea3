/**
 * htmlparser2 keeps its open-element stack with Array#unshift, so parsing costs grow with the
 * square of the nesting depth: 200 000 nested <div>s take ~20 s. Real pages nest a few dozen
 * levels (browsers stop nesting at 512). This linear pre-scan tracks depth the way the parser
 * roughly will and, only when it exceeds the limit, drops the tags below that depth (their
 * text stays). Pages within the limit are returned as the very same string.
 */

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'command', 'basefont', 'frame', 'isindex']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'plaintext']);
const CLOSES_P = new Set(['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul']);
/** Opening one of these closes a same-kind sibling still open on top (as the parser does). */
const SIBLING_CLOSE: Record<string, string[]> = {
  li: ['li'], dt: ['dt', 'dd'], dd: ['dt', 'dd'], option: ['option'], optgroup: ['optgroup', 'option'],
  tr: ['tr', 'td', 'th'], td: ['td', 'th'], th: ['td', 'th'], tbody: ['thead', 'tbody'], tfoot: ['thead', 'tbody'],
  rt: ['rt', 'rp'], rp: ['rt', 'rp'],
};
/** How far down the stack a closing tag is looked for (keeps stray closing tags O(1)). */
const CLOSE_SEARCH = 64;

export function limitNesting(html: string, maxDepth: number): { html: string; flattened: boolean } {
  const stack: string[] = [];
  const parts: string[] = [];
  let last = 0;
  let flattened = false;
  let lower: string | null = null;
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0 || lt + 1 >= n) break;
    const c = html.charCodeAt(lt + 1);
    if (c === 33 /* ! */) {
      const end = html.startsWith('<!--', lt) ? html.indexOf('-->', lt + 4) : html.indexOf('>', lt);
      if (end < 0) break;
      i = end + 1;
      continue;
    }
    const closing = c === 47; /* / */
    let j = lt + (closing ? 2 : 1);
    const start = j;
    while (j < n && isNameChar(html.charCodeAt(j))) j++;
    if (j === start || !isLetter(html.charCodeAt(start))) {
      i = lt + 1;
      continue;
    }
    const gt = html.indexOf('>', j);
    if (gt < 0) break;
    const name = html.slice(start, j).toLowerCase();
    const tagEnd = gt + 1;
    if (closing) {
      const at = findOpen(stack, name);
      if (at >= 0) {
        const dropped = at >= maxDepth;
        stack.length = at;
        if (dropped) {
          parts.push(html.slice(last, lt), ' ');
          last = tagEnd;
        }
      }
      i = tagEnd;
      continue;
    }
    if (VOID.has(name)) {
      i = tagEnd;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === 'p' && CLOSES_P.has(name)) stack.pop();
    const siblings = SIBLING_CLOSE[name];
    while (siblings && stack.length && siblings.includes(stack[stack.length - 1]!)) stack.pop();
    if (stack.length >= maxDepth) {
      flattened = true;
      parts.push(html.slice(last, lt), ' ');
      last = tagEnd;
    }
    stack.push(name);
    i = tagEnd;
    if (RAW_TEXT.has(name)) {
      // Skip to the end tag: the text of a script may contain anything.
      lower ??= html.toLowerCase();
      const end = lower.indexOf(`</${name}`, tagEnd);
      if (end < 0) break;
      i = end;
    }
  }
  if (!flattened) return { html, flattened: false };
  parts.push(html.slice(last));
  return { html: parts.join(''), flattened: true };
}

function findOpen(stack: string[], name: string): number {
  for (let k = stack.length - 1, seen = 0; k >= 0 && seen < CLOSE_SEARCH; k--, seen++) if (stack[k] === name) return k;
  return -1;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 45 || c === 58 || c === 95;
}
