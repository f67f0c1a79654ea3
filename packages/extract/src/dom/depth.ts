/**
 * htmlparser2 keeps its open-element stack with Array#unshift, so parsing costs grow with the
 * square of the nesting depth: 200 000 nested <div>s take ~20 s. Real pages nest a few dozen
 * levels (browsers stop nesting at 512). This linear pre-scan tracks depth the way the parser
 * roughly will and, only when it exceeds the limit, drops the tags below that depth (their
 * text stays). Pages within the limit are returned as the very same string. A tag below the
 * limit that hides its content (script, style, template, noscript, a `hidden` block…) is kept,
 * one at a time, since dropping it would turn what it hides into page text; the tags inside
 * it are dropped as usual, so the depth grows by one at most.
 */
import { lookupTable } from '../lookup';
import { hiddenByAttributes } from './page';
import { OPAQUE_TAGS } from './tags';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'command', 'basefont', 'frame', 'isindex']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'plaintext']);
const CLOSES_P = new Set(['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul']);
/** Opening one of these closes a same-kind sibling still open on top (as the parser does). */
const SIBLING_CLOSE: Readonly<Record<string, string[]>> = lookupTable({
  li: ['li'], dt: ['dt', 'dd'], dd: ['dt', 'dd'], option: ['option'], optgroup: ['optgroup', 'option'],
  tr: ['tr', 'td', 'th'], td: ['td', 'th'], th: ['td', 'th'], tbody: ['thead', 'tbody'], tfoot: ['thead', 'tbody'],
  rt: ['rt', 'rp'], rp: ['rt', 'rp'],
});
/** How far down the stack a closing tag is looked for (keeps stray closing tags O(1)). */
const CLOSE_SEARCH = 64;
/** One attribute of a start tag's markup: name, then a double-quoted, single-quoted or bare value. */
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
/** A word every hiding attribute has ("hidden", "display: none"), or the end of the tag first. */
const HIDING_WORD = /hidden|none|>/gi;

export function limitNesting(html: string, maxDepth: number): { html: string; flattened: boolean } {
  const scan = new NestingScan(html, maxDepth);
  scan.run();
  return scan.flattened ? { html: scan.output(), flattened: true } : { html, flattened: false };
}

/**
 * One pass over the markup: `run` finds the tags, `open` and `close` keep the open-element stack
 * the way the parser will. The state lives in fields, so no per-tag objects or closures are made.
 */
class NestingScan {
  flattened = false;
  private readonly stack: string[] = [];
  private readonly parts: string[] = [];
  /** Start of the markup not yet copied to `parts`. */
  private last = 0;
  /** The page lower-cased, made only when a raw-text element (script, style…) needs its end tag found. */
  private lower: string | null = null;
  /** Stack index of the content-hiding element kept below the limit; -1 when none is open. */
  private kept = -1;

  constructor(
    private readonly html: string,
    private readonly maxDepth: number,
  ) {}

  run(): void {
    const html = this.html;
    const n = html.length;
    let i = 0;
    while (i < n) {
      const lt = html.indexOf('<', i);
      if (lt < 0 || lt + 1 >= n) return;
      const c = html.charCodeAt(lt + 1);
      if (c === 33 /* ! */) {
        const end = html.startsWith('<!--', lt) ? html.indexOf('-->', lt + 4) : html.indexOf('>', lt);
        if (end < 0) return;
        i = end + 1;
        continue;
      }
      const closing = c === 47; /* / */
      const start = lt + (closing ? 2 : 1);
      let j = start;
      while (j < n && isNameChar(html.charCodeAt(j))) j++;
      if (j === start || !isLetter(html.charCodeAt(start))) {
        i = lt + 1;
        continue;
      }
      const gt = html.indexOf('>', j);
      if (gt < 0) return;
      const name = html.slice(start, j).toLowerCase();
      if (closing) {
        this.close(name, lt, gt + 1);
        i = gt + 1;
      } else {
        i = this.open(name, lt, gt + 1);
        if (i < 0) return;
      }
    }
  }

  /** The page with the dropped tags replaced by spaces (only once `flattened`). */
  output(): string {
    this.parts.push(this.html.slice(this.last));
    return this.parts.join('');
  }

  /** A closing tag pops its element and everything opened after it; it is dropped when its opening tag was. */
  private close(name: string, lt: number, tagEnd: number): void {
    const at = findOpen(this.stack, name);
    if (at < 0) return;
    this.stack.length = at;
    if (at === this.kept) {
      this.kept = -1;
      return;
    }
    if (at < this.kept) this.kept = -1;
    if (at >= this.maxDepth) this.drop(lt, tagEnd);
  }

  /** An opening tag: pushed, and dropped when it would nest deeper than the limit. Returns where to go on (-1: raw text never closed). */
  private open(name: string, lt: number, tagEnd: number): number {
    if (VOID.has(name)) return tagEnd;
    const stack = this.stack;
    if (stack[stack.length - 1] === 'p' && CLOSES_P.has(name)) stack.pop();
    const siblings = SIBLING_CLOSE[name];
    while (siblings && stack.length && siblings.includes(stack[stack.length - 1]!)) stack.pop();
    if (this.kept >= stack.length) this.kept = -1;
    if (stack.length >= this.maxDepth) {
      this.flattened = true;
      if (this.kept < 0 && hidesContent(name, this.html, lt, tagEnd)) this.kept = stack.length;
      else this.drop(lt, tagEnd);
    }
    stack.push(name);
    if (!RAW_TEXT.has(name)) return tagEnd;
    // Skip to the end tag: the text of a script may contain anything.
    this.lower ??= this.html.toLowerCase();
    return this.lower.indexOf(`</${name}`, tagEnd);
  }

  /** Replaces the tag at [lt, tagEnd) with a space. */
  private drop(lt: number, tagEnd: number): void {
    this.parts.push(this.html.slice(this.last, lt), ' ');
    this.last = tagEnd;
  }
}

/** Script, style, template, noscript… or an element hidden by its attributes: nothing in it is page text. */
function hidesContent(name: string, html: string, lt: number, tagEnd: number): boolean {
  if (OPAQUE_TAGS.has(name) || name === 'title') return true;
  // Most tags below the limit are bare (<div>, <span>) or say nothing of hiding: no attribute parsing for them.
  if (tagEnd - lt <= name.length + 2) return false;
  HIDING_WORD.lastIndex = lt;
  if (HIDING_WORD.exec(html)?.[0] === '>') return false;
  const tag = html.slice(lt, tagEnd);
  const attribs: Record<string, string> = Object.create(null);
  // The tag's markup without "<name" and ">".
  for (const m of tag.slice(name.length + 1, -1).matchAll(ATTRIBUTE)) attribs[m[1]!.toLowerCase()] ??= m[2] ?? m[3] ?? m[4] ?? '';
  return hiddenByAttributes(attribs);
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
