import type { BodyBlock } from '../block';
import { closesList, continuesItem, isTitleItem, itemTerms } from './extent';
import { findInlineSequences } from './inline';
import { recogniseMarker, type Marker } from './markers';

/** One numbered item found in the body. */
export interface Item {
  block: number;
  /** Index inside a list block, for items that are <li>s. */
  listItem: number | null;
  /** Null for the implicit first item. */
  marker: Marker | null;
}

export type SequenceKind = 'heading' | 'paragraph' | 'list' | 'bullet' | 'inline';

/** Items of one family numbered 1, 2, 3… (or 2, 3… with an implicit first item). */
export interface Sequence {
  family: string;
  kind: SequenceKind;
  /** Heading level of heading items (real headings only). */
  level: number;
  items: Item[];
  /** Places where one number is missing ("1, 2, 4"). */
  gaps: Array<[number, number]>;
  implicitFirst: boolean;
  /** Any marker written in bold. */
  bold: boolean;
  /** Inline enumerations: the paragraph's text before the first marker (it may announce the count). */
  introText?: string;
}

interface Token {
  block: number;
  marker: Marker;
  key: string;
  kind: SequenceKind;
  level: number;
  bold: boolean;
}

const WORD_FAMILIES = new Set(['vi-thu', 'vi-la', 'en-ord']);

/** Every candidate enumeration in the body blocks. */
export function findSequences(blocks: BodyBlock[], language: string | null): Sequence[] {
  const sequences: Sequence[] = [];
  const tokens: Token[] = [];
  const closers: Token[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.type === 'list') {
      const seq = listSequence(b, i, language);
      if (seq) sequences.push(seq);
      continue;
    }
    const t = markerToken(b, i, language);
    if (!t) continue;
    if (t.marker.soft === 'end') closers.push(t);
    else tokens.push(t);
  }

  // Group by family and kind, then cut into runs of consecutive numbers.
  for (const list of groupByKey(tokens).values()) {
    if (list[0]!.kind === 'bullet') sequences.push(...bulletRuns(list));
    else numberedRuns(list, blocks, sequences);
  }

  const sections = new SectionEnds(blocks);
  for (const seq of sequences) {
    if (WORD_FAMILIES.has(seq.family)) addCloser(seq, sections, closers);
    addImplicitFirst(seq, blocks);
  }
  sequences.push(...findInlineSequences(blocks, language));
  return sequences;
}

/** The marker a paragraph or heading starts with, and how it is written; null when none. */
function markerToken(b: BodyBlock, block: number, language: string | null): Token | null {
  const realHeading = b.type === 'heading' && !b.pseudo;
  const marker = recogniseMarker(b.text, { heading: b.type === 'heading', language });
  if (!marker) return null;
  const kind: SequenceKind = marker.family.startsWith('bullet:') ? 'bullet' : realHeading ? 'heading' : 'paragraph';
  const level = realHeading ? b.level : 0;
  const bold = b.bold || (b.leadBold !== '' && b.leadBold.length >= Math.min(marker.marker.length, b.text.length));
  return { block, marker, key: `${kind}:${level}:${marker.family}`, kind, level, bold };
}

/** Tokens by family, kind and heading level, each list in block order. */
function groupByKey(tokens: Token[]): Map<string, Token[]> {
  const byKey = new Map<string, Token[]>();
  for (const t of tokens) {
    const list = byKey.get(t.key);
    if (list) list.push(t);
    else byKey.set(t.key, [t]);
  }
  return byKey;
}

/**
 * Cuts one group's tokens into runs numbered n, n+1, n+2… (one missing number is a gap, not a
 * break; a section break ends the run). Runs of two or more items go to `out`.
 */
function numberedRuns(list: Token[], blocks: BodyBlock[], out: Sequence[]): void {
  let cur: Sequence | null = null;
  let last = 0;
  let lastBlock = -1;
  for (const t of list) {
    const n = t.marker.ordinal!;
    const item: Item = { block: t.block, listItem: null, marker: t.marker };
    const broken = cur !== null && sectionBreak(blocks, lastBlock, t.block, t.kind, t.level);
    if (cur && !broken && (n === last + 1 || n === last + 2)) {
      if (n === last + 2) cur.gaps.push([last, n]);
      cur.items.push(item);
    } else {
      if (cur && cur.items.length >= 2) out.push(cur);
      cur = { family: t.marker.family, kind: t.kind, level: t.level, items: [item], gaps: [], implicitFirst: false, bold: false };
    }
    if (t.bold) cur.bold = true;
    last = n;
    lastBlock = t.block;
  }
  if (cur && cur.items.length >= 2) out.push(cur);
}

/**
 * Where the section containing a block ends, precomputed so that finding the end of every
 * candidate enumeration stays linear: for paragraph items any heading ends it, for heading
 * items a real heading of the same or a higher level.
 */
export class SectionEnds {
  private readonly anyHeading: Int32Array;
  private readonly byLevel = new Map<number, Int32Array>();

  constructor(private readonly blocks: BodyBlock[]) {
    this.anyHeading = this.scan((b) => b.type === 'heading');
  }

  /** First index after `from` where a section ends for `seq` (blocks.length when none). */
  after(from: number, seq: Pick<Sequence, 'kind' | 'level'>): number {
    if (from + 1 >= this.blocks.length) return this.blocks.length;
    if (seq.kind !== 'heading') return this.anyHeading[from + 1]!;
    let arr = this.byLevel.get(seq.level);
    if (!arr) {
      arr = this.scan((b) => b.type === 'heading' && !b.pseudo && b.level <= seq.level);
      this.byLevel.set(seq.level, arr);
    }
    return arr[from + 1]!;
  }

  private scan(ends: (b: BodyBlock) => boolean): Int32Array {
    const n = this.blocks.length;
    const out = new Int32Array(n + 1);
    out[n] = n;
    for (let i = n - 1; i >= 0; i--) out[i] = ends(this.blocks[i]!) ? i : out[i + 1]!;
    return out;
  }
}

/**
 * The blocks each item spans: from its marker to the next item; the last one at most to the end
 * of its section, and only as far as it goes on with the item (see `lastItemEnd`).
 */
export function itemSpans(seq: Sequence, blocks: BodyBlock[]): Array<[number, number]> {
  const sections = new SectionEnds(blocks);
  const spans: Array<[number, number]> = [];
  seq.items.forEach((item, k) => {
    if (seq.kind === 'list' || seq.kind === 'bullet' || seq.kind === 'inline') {
      spans.push([item.block, item.block + 1]);
      return;
    }
    const next = seq.items[k + 1];
    if (next) {
      spans.push([item.block, next.block]);
      return;
    }
    const end = sections.after(item.block, seq);
    // Items written as lines of one paragraph ("1. …<br>2. …<br>3. …") end with that paragraph.
    const group = blocks[item.block]!.lineGroup;
    const prev = seq.items[k - 1];
    if (group && prev && blocks[prev.block]!.lineGroup === group) {
      let last = item.block;
      while (last + 1 < end && blocks[last + 1]!.lineGroup === group) last++;
      spans.push([item.block, last + 1]);
      return;
    }
    spans.push([item.block, lastItemEnd(seq, blocks, spans, end)]);
  });
  return spans;
}

/**
 * How far the last item runs before `sectionEnd`: never past a closing news sentence; past the
 * length of the longest earlier item (or, for a title item, its first paragraph) only while
 * each paragraph goes on with the item. Heading items keep their whole section up to a closer:
 * the headings already say where they end.
 */
function lastItemEnd(seq: Sequence, blocks: BodyBlock[], earlier: Array<[number, number]>, sectionEnd: number): number {
  const item = seq.items[seq.items.length - 1]!;
  const first = blocks[item.block]!;
  const longest = earlier.reduce((n, [a, b]) => Math.max(n, b - a), 1);
  const titled = isTitleItem(first, item.marker?.rest ?? first.text);
  // The item's own words, from its first block: a paragraph that takes them up goes on with it.
  let own: Set<string> | null = null;
  let end = item.block + 1;
  for (let i = item.block + 1; i < sectionEnd; i++) {
    const b = blocks[i]!;
    const firstBody = titled && i === item.block + 1;
    if (!firstBody && closesList(b)) break;
    const within = seq.kind === 'heading' || firstBody || i - item.block + 1 <= longest;
    if (!within && !continuesItem((own ??= itemTerms(ownText(item, blocks, titled))), blocks[i - 1]!, b)) break;
    end = i + 1;
  }
  return end;
}

/** The item's own text: its first block, and for a title item the paragraph under the title. */
function ownText(item: Item, blocks: BodyBlock[], titled: boolean): string {
  const first = item.marker?.rest ?? blocks[item.block]!.text;
  return titled ? `${first} ${blocks[item.block + 1]?.text ?? ''}` : first;
}

/** A heading between two paragraph markers (or a higher heading between heading markers) starts a new section. */
function sectionBreak(blocks: BodyBlock[], from: number, to: number, kind: SequenceKind, level: number): boolean {
  for (let i = from + 1; i < to; i++) {
    const b = blocks[i]!;
    if (b.type !== 'heading' || b.pseudo) continue;
    if (kind === 'heading' ? b.level < level : b.level <= 3) return true;
  }
  return false;
}

function listSequence(b: BodyBlock, index: number, language: string | null): Sequence | null {
  if (b.items.length < 2) return null;
  // Items that carry their own markers ("Thứ nhất, …" inside a <ul>) use them.
  const markers = b.items.map((t) => recogniseMarker(t, { heading: false, language }));
  const ownFamily = markers[0]?.family;
  const own =
    ownFamily !== undefined &&
    !ownFamily.startsWith('bullet:') &&
    markers.every((m, i) => m && m.family === ownFamily && m.ordinal === (markers[0]!.ordinal ?? 1) + i);
  const items: Item[] = b.items.map((text, i) => {
    const m = own ? markers[i]! : null;
    const marker: Marker = m ?? {
      family: b.ordered ? 'ol' : 'ul',
      ordinal: b.ordered ? b.start + i : i + 1,
      marker: b.ordered ? `${b.start + i}.` : '•',
      rest: text,
    };
    return { block: index, listItem: i, marker };
  });
  return {
    family: own ? ownFamily! : b.ordered ? 'ol' : 'ul',
    kind: 'list',
    level: 0,
    items,
    gaps: [],
    implicitFirst: false,
    bold: false,
  };
}

function bulletRuns(tokens: Token[]): Sequence[] {
  const out: Sequence[] = [];
  let run: Token[] = [];
  const close = (): void => {
    if (run.length >= 2) {
      out.push({
        family: run[0]!.marker.family,
        kind: 'bullet',
        level: 0,
        items: run.map((t) => ({ block: t.block, listItem: null, marker: t.marker })),
        gaps: [],
        implicitFirst: false,
        bold: run.some((t) => t.bold),
      });
    }
    run = [];
  };
  for (const t of tokens) {
    if (run.length > 0 && t.block !== run[run.length - 1]!.block + 1) close();
    run.push(t);
  }
  close();
  return out;
}

/** "Cuối cùng," / "Finally," right after the last item's section becomes the next item. */
function addCloser(seq: Sequence, sections: SectionEnds, closers: Token[]): void {
  const lastItem = seq.items[seq.items.length - 1]!;
  const lang = seq.family === 'en-ord' ? 'closer-en' : 'closer-vi';
  const end = sections.after(lastItem.block, seq);
  // Closers are in block order: binary search for the first one after the last item.
  let lo = 0;
  let hi = closers.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (closers[mid]!.block <= lastItem.block) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < closers.length && closers[k]!.block < end; k++) {
    const c = closers[k]!;
    if (c.marker.family !== lang) continue;
    seq.items.push({ block: c.block, listItem: null, marker: { ...c.marker, ordinal: (lastItem.marker?.ordinal ?? 0) + 1 } });
    return;
  }
}

/**
 * Numbering that starts at 2 usually means the first item is the paragraph just before
 * "Thứ 2" (it opens with "Về nhiệm vụ…" instead of "Thứ nhất"). It is taken as item 1 when
 * it is an ordinary paragraph, not a heading and not an intro ending with a colon.
 */
function addImplicitFirst(seq: Sequence, blocks: BodyBlock[]): void {
  if (seq.kind !== 'paragraph') return;
  const first = seq.items[0]!;
  if (first.marker?.ordinal !== 2) return;
  const prev = blocks[first.block - 1];
  if (!prev || (prev.type !== 'paragraph' && prev.type !== 'quote') || /[:：]$/.test(prev.text)) return;
  seq.items.unshift({ block: first.block - 1, listItem: null, marker: null });
  seq.implicitFirst = true;
}
