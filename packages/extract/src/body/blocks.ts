import type { ArticleBlock } from '@ingest/contracts';
import type { BodyBlock } from '../block';
import { Hint, classHintsOf } from '../dom/hints';
import { isElement, textData, type DomElement } from '../dom/node';
import type { Page } from '../dom/page';
import { HEADING_TAGS, OPAQUE_TAGS, isBlockTag } from '../dom/tags';
import { textOf } from '../dom/text-of';
import { cleanText, countChars, countWords } from '../text';
import { recogniseMarker } from '../tasks/markers';
import { isBoilerplate, isBoxTitle } from './boilerplate';

const MAX_DEPTH = 80;
const PSEUDO_HEADING_MAX_CHARS = 150;
const PSEUDO_HEADING_MAX_WORDS = 25;

/** Text gathered from inline content until the next block boundary. */
interface Run {
  parts: string[];
  chars: number;
  boldChars: number;
  leadBold: string;
  sawPlain: boolean;
  /** Saw a <br>. */
  breaks: boolean;
}

function newRun(): Run {
  return { parts: [], chars: 0, boldChars: 0, leadBold: '', sawPlain: false, breaks: false };
}

/**
 * Turns the content element(s) into blocks: headings, paragraphs, lists, quotes. Boilerplate
 * (boxes, captions, author/date lines, link lists) is skipped; a box title ends its container;
 * `exclude` holds elements already used as title, lead or byline.
 */
export function collectBlocks(page: Page, nodes: DomElement[], exclude: Set<DomElement>, core: DomElement | null = null): BodyBlock[] {
  const contentText = nodes.reduce((n, el) => n + (page.find(el)?.text ?? 0), 0);
  const w = new Walker(page, exclude, contentText, core);
  for (const el of nodes) {
    if (exclude.has(el)) continue;
    if (nodes.length > 1 && isBoilerplate(page, el, contentText, core)) continue;
    w.block(el, 0, false);
  }
  return w.blocks;
}

class Walker {
  readonly blocks: BodyBlock[] = [];
  private run: Run = newRun();
  private lineGroups = 0;

  constructor(
    private readonly page: Page,
    private readonly exclude: Set<DomElement>,
    private readonly contentText: number,
    private readonly core: DomElement | null,
  ) {}

  /** Handles one block-level element. */
  block(el: DomElement, depth: number, quote: boolean): void {
    const name = el.name;
    if (depth > MAX_DEPTH) {
      // Pathologically deep markup: keep its text as one paragraph rather than recurse.
      this.emit(textOf(el, this.page), quote, false, '', false);
      return;
    }
    if (HEADING_TAGS.has(name)) {
      this.flush(el, quote);
      const text = textOf(el, this.page);
      if (text && !isBoxTitle(text)) this.blocks.push(block('heading', text, { level: Number(name[1]) }));
      return;
    }
    if (name === 'ul' || name === 'ol') {
      this.flush(el, quote);
      this.list(el, name === 'ol');
      return;
    }
    if (name === 'table') {
      this.flush(el, quote);
      this.table(el, depth, quote);
      return;
    }
    this.children(el, depth, quote || name === 'blockquote');
  }

  /** Walks an element's children, gathering inline runs and descending into blocks. */
  private children(el: DomElement, depth: number, quote: boolean): void {
    for (const child of el.children) {
      if (child.type === 'text') {
        this.text(textData(child), false);
        continue;
      }
      if (!isElement(child)) continue;
      const name = child.name;
      if (name === 'br') {
        this.run.parts.push('\n');
        this.run.breaks = true;
        continue;
      }
      const info = this.page.find(child);
      const isBlock = isBlockTag(name) || (info?.hasBlock ?? false);
      if (!isBlock) {
        if (!info?.hidden && !OPAQUE_TAGS.has(name)) this.inline(child, depth + 1, false);
        continue;
      }
      if (this.exclude.has(child) || isBoilerplate(this.page, child, this.contentText, this.core)) {
        this.flush(el, quote);
        // A heading named as a box ("related-title", "comments-heading") starts that box.
        if (HEADING_TAGS.has(name) && classHintsOf(child) & Hint.Box) return;
        continue;
      }
      this.flush(el, quote);
      if (HEADING_TAGS.has(name)) {
        const text = textOf(child, this.page);
        // A site box starts here; nothing after it in this container is article text.
        if (isBoxTitle(text)) return;
        if (text) this.blocks.push(block('heading', text, { level: Number(name[1]) }));
        continue;
      }
      this.block(child, depth + 1, quote);
    }
    this.flush(el, quote);
  }

  private inline(el: DomElement, depth: number, bold: boolean): void {
    const b = bold || el.name === 'b' || el.name === 'strong' || /font-weight\s*:\s*(?:bold|[6-9]00)/i.test(el.attribs.style ?? '');
    if (depth > MAX_DEPTH) {
      this.text(textOf(el, this.page), b);
      return;
    }
    for (const c of el.children) {
      if (c.type === 'text') this.text(textData(c), b);
      else if (isElement(c)) {
        if (c.name === 'br') {
          this.run.parts.push('\n');
          this.run.breaks = true;
        }
        else if (OPAQUE_TAGS.has(c.name) || c.name === 'img' || this.page.find(c)?.hidden) continue;
        else this.inline(c, depth + 1, b);
      }
    }
  }

  private text(data: string, bold: boolean): void {
    const s = data.replace(/\s+/g, ' ');
    const chars = countChars(s);
    this.run.parts.push(s);
    this.run.chars += chars;
    if (bold) this.run.boldChars += chars;
    if (!this.run.sawPlain) {
      if (bold || chars === 0) this.run.leadBold += s;
      else this.run.sawPlain = true;
    }
  }

  /** Ends the current inline run: one paragraph per double line break. */
  private flush(owner: DomElement, quote: boolean): void {
    const run = this.run;
    if (run.chars === 0) {
      if (run.parts.length) this.run = newRun();
      return;
    }
    this.run = newRun();
    const whole = run.parts.join('');
    const paragraphs: string[] = [];
    const groups: number[] = [];
    for (const chunk of run.breaks ? whole.split(/ *\n *(?:\n *)+/) : [whole]) {
      const lines = run.breaks ? markedLines(chunk) : null;
      const group = lines ? ++this.lineGroups : 0;
      for (const p of lines ?? [cleanText(chunk.replace(/\n/g, ' '))]) {
        if (!p) continue;
        paragraphs.push(p);
        groups.push(group);
      }
    }
    const allBold = run.boldChars >= run.chars * 0.95;
    const right = /text-align\s*:\s*right/i.test(owner.attribs.style ?? '') || (owner.attribs.align ?? '').toLowerCase() === 'right';
    paragraphs.forEach((p, i) => {
      this.emit(p, quote, allBold && paragraphs.length === 1, i === 0 ? cleanText(run.leadBold) : '', right);
      if (groups[i]) this.blocks[this.blocks.length - 1]!.lineGroup = groups[i]!;
    });
  }

  private emit(text: string, quote: boolean, allBold: boolean, leadBold: string, right: boolean): void {
    if (!text) return;
    if (allBold && !quote && text.length <= PSEUDO_HEADING_MAX_CHARS && countWords(text) <= PSEUDO_HEADING_MAX_WORDS) {
      this.blocks.push(block('heading', text, { level: 4, pseudo: true, leadBold: text, bold: true, alignedRight: right }));
      return;
    }
    this.blocks.push(block(quote ? 'quote' : 'paragraph', text, { leadBold, bold: allBold, alignedRight: right }));
  }

  private list(el: DomElement, ordered: boolean): void {
    const items: string[] = [];
    for (const li of el.children) {
      if (!isElement(li) || li.name !== 'li') continue;
      if (this.page.find(li)?.hidden) continue;
      const t = this.itemText(li, 0);
      if (t) items.push(t);
    }
    if (items.length === 0) return;
    if (items.length === 1) {
      this.blocks.push(block('paragraph', items[0]!, {}));
      return;
    }
    const start = Number.parseInt(el.attribs.start ?? '1', 10);
    this.blocks.push(block('list', items.join('\n'), { ordered, items, start: Number.isFinite(start) ? start : 1 }));
  }

  /**
   * Text of one <li>. A list nested in it stays in it, one sub-item per line
   * ("Tell the people:\nyour bank;\nyour employer"), as list items are in the body text.
   */
  private itemText(li: DomElement, depth: number): string {
    const nested = depth < 8 && li.children.some((c) => isElement(c) && (c.name === 'ul' || c.name === 'ol'));
    if (!nested) return textOf(li, this.page);
    const lines: string[] = [];
    let raw = '';
    const inline = (el: DomElement): void => {
      for (const c of el.children) {
        if (c.type === 'text') raw += textData(c);
        else if (isElement(c) && !OPAQUE_TAGS.has(c.name) && !this.page.find(c)?.hidden) {
          if (c.name === 'br' || isBlockTag(c.name)) raw += ' ';
          inline(c);
          if (isBlockTag(c.name)) raw += ' ';
        }
      }
    };
    for (const c of li.children) {
      if (c.type === 'text') raw += textData(c);
      else if (!isElement(c) || OPAQUE_TAGS.has(c.name) || this.page.find(c)?.hidden) continue;
      else if (c.name === 'ul' || c.name === 'ol') {
        lines.push(cleanText(raw));
        raw = '';
        for (const sub of c.children) {
          if (isElement(sub) && sub.name === 'li' && !this.page.find(sub)?.hidden) lines.push(this.itemText(sub, depth + 1));
        }
      } else {
        if (c.name === 'br' || isBlockTag(c.name)) raw += ' ';
        inline(c);
        if (isBlockTag(c.name)) raw += ' ';
      }
    }
    lines.push(cleanText(raw));
    return lines.filter(Boolean).join('\n');
  }

  private table(el: DomElement, depth: number, quote: boolean): void {
    for (const row of rowsOf(el)) {
      const cells = row.children.filter((c): c is DomElement => isElement(c) && (c.name === 'td' || c.name === 'th'));
      if (cells.some((c) => this.page.find(c)?.hasBlock)) {
        // A layout table: its cells are containers.
        for (const c of cells) if (!isBoilerplate(this.page, c, this.contentText, this.core)) this.block(c, depth + 1, quote);
        continue;
      }
      const text = cells.map((c) => textOf(c, this.page)).filter(Boolean).join(' | ');
      if (text) this.emit(text, quote, false, '', false);
    }
  }
}

function rowsOf(table: DomElement): DomElement[] {
  const rows: DomElement[] = [];
  for (const c of table.children) {
    if (!isElement(c)) continue;
    if (c.name === 'tr') rows.push(c);
    else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') {
      for (const r of c.children) if (isElement(r) && r.name === 'tr') rows.push(r);
    }
  }
  return rows;
}

function block(type: BodyBlock['type'], text: string, extra: Partial<BodyBlock>): BodyBlock {
  return {
    type,
    text,
    level: 0,
    pseudo: false,
    ordered: false,
    items: [],
    start: 1,
    leadBold: '',
    alignedRight: false,
    bold: false,
    lineGroup: 0,
    ...extra,
  };
}

/**
 * One chunk of text between double line breaks. Single <br>s normally just wrap a line, but
 * when two or more lines start with a list marker ("1. …<br>2. …<br>3. …") every line is a
 * paragraph of its own, as it would be in a real list. Null when the chunk is one paragraph.
 */
function markedLines(chunk: string): string[] | null {
  const lines = chunk.split('\n').map((l) => cleanText(l)).filter(Boolean);
  if (lines.length < 2) return null;
  let marked = 0;
  for (const l of lines) if (recogniseMarker(l, { heading: false, language: null })) marked++;
  return marked >= 2 ? lines : null;
}

/** The public shape of a block. */
export function toArticleBlock(b: BodyBlock): ArticleBlock {
  switch (b.type) {
    case 'heading':
      return { type: 'heading', text: b.text, level: b.level };
    case 'list':
      return { type: 'list', ordered: b.ordered, items: b.items };
    case 'quote':
      return { type: 'quote', text: b.text };
    default:
      return { type: 'paragraph', text: b.text };
  }
}

/** Body text: blocks separated by a blank line, list items one per line. */
export function bodyText(blocks: BodyBlock[]): string {
  return blocks.map((b) => b.text).join('\n\n');
}
