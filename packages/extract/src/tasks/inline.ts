import type { BodyBlock } from '../block';
import type { Item, Sequence } from './enumerations';
import { SENTENCE_END } from './extent';
import type { Marker } from './markers';
import { VI_CARDINALS, VI_ORDINALS, alternation, letterValue, numberValue, romanValue } from './numbers';

/**
 * Enumerations written inside one paragraph: "…các đơn vị: (1) kiểm tra…; (2) báo cáo…;
 * (3) xử lý…", "to: 1) hire…; 2) review…", "a) …, b) …", "first…, second…, and third…",
 * "thứ nhất…, thứ hai…". A marker counts only where a clause starts (after the start, a colon,
 * a semicolon, a comma, a dash or "and"/"và") and only when a letter follows it, so dates,
 * money, "COVID-19)", version numbers and citations "(1)," are not markers.
 */

/** A marker found inside a paragraph, with where it starts and where its item's text starts. */
interface Hit {
  family: string;
  ordinal: number;
  marker: string;
  at: number;
  textAt: number;
  closer: boolean;
}

/** Where a clause may start: the start, or after punctuation or a conjunction. */
const CLAUSE = '(?<=^|[:;,.—–]\\s*|\\s[-–—]\\s*|(?:^|\\s)(?:and|or|và|hoặc)\\s+)';
/** Bracketed markers may also follow a word ("asked the agency to (1) hire…"): the bracket itself marks them. */
const SPACE = '(?<=^|\\s)';
const LETTER_AFTER = '(?=\\s*["“‘]?\\p{L})';

/**
 * Inline marker styles. `first` finds the first item's marker cheaply: a run starts at 1, so a
 * paragraph without one is skipped before the style's pattern runs.
 */
const STYLES: ReadonlyArray<{ family: string; first: RegExp; re: RegExp; value: (m: RegExpExecArray, language: string | null) => number | null; closer?: boolean }> = [
  { family: 'inline(dec)', first: /\(1\)/, re: new RegExp(`${SPACE}\\((\\d{1,2})\\)${LETTER_AFTER}`, 'gu'), value: (m) => Number(m[1]) },
  { family: 'inline-dec)', first: /(?<![(\d])1\)/, re: new RegExp(`${CLAUSE}(\\d{1,2})\\)${LETTER_AFTER}`, 'gu'), value: (m) => Number(m[1]) },
  { family: 'inline(alpha)', first: /\(a\)/, re: new RegExp(`${SPACE}\\(([a-hđ])\\)${LETTER_AFTER}`, 'gu'), value: (m, l) => letterValue(m[1]!, l) },
  { family: 'inline-alpha)', first: /(?<![(\p{L}])a\)/u, re: new RegExp(`${CLAUSE}([a-hđ])\\)${LETTER_AFTER}`, 'gu'), value: (m, l) => letterValue(m[1]!, l) },
  { family: 'inline(roman)', first: /\(i\)/, re: new RegExp(`${SPACE}\\((i{1,3}|iv|vi{0,3}|ix|x)\\)${LETTER_AFTER}`, 'gu'), value: (m) => romanValue(m[1]!.toUpperCase()) },
  {
    family: 'inline-en-ord',
    first: /first/i,
    re: new RegExp(`${CLAUSE}(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)(ly)?(?![\\p{L}-])(?:\\s*[,:])?${LETTER_AFTER}`, 'giu'),
    value: (m) => ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'].indexOf(m[1]!.toLowerCase()) + 1,
  },
  {
    family: 'inline-vi-thu',
    first: /thứ\s+(?:nhất|1(?!\d))|trước hết|đầu tiên/iu,
    re: new RegExp(`${CLAUSE}(thứ\\s+(?:${alternation(VI_ORDINALS)}|\\d{1,2})|trước hết|đầu tiên)(?![\\p{L}\\p{N}])(?:\\s+là(?![\\p{L}]))?(?:\\s*[,:])?${LETTER_AFTER}`, 'giu'),
    value: viThuValue,
  },
  {
    family: 'inline-vi-la',
    first: /một\s+là/iu,
    re: new RegExp(`${CLAUSE}((?:${alternation(VI_CARDINALS)})\\s+là)(?![\\p{L}])(?:\\s*[,:])?${LETTER_AFTER}`, 'giu'),
    value: (m) => numberValue(m[1]!.replace(/\s+là$/iu, '')),
  },
  { family: 'closer', first: /./, re: new RegExp(`${CLAUSE}(finally|lastly|cuối cùng|sau cùng)(?:\\s*[,:])${LETTER_AFTER}`, 'giu'), value: () => 0, closer: true },
];
const WORD_FAMILIES = new Set(['inline-en-ord', 'inline-vi-thu', 'inline-vi-la']);
/** "thứ Hai tuần trước" / "thứ Hai, ngày 3/1" are Mondays. */
const WEEKDAY_AFTER = /^\s*,?\s*(?:ngày|mùng|hôm|tuần|sáng|chiều|tối|trưa|đêm|vừa qua|tới|này|lúc|\(?\d{1,2}\s*[/.-]\s*\d{1,2})/iu;
const MIN_WORDS_PER_ITEM = 2;
/** Paragraphs longer than this are not read for inline markers (no enumeration sentence is that long). */
const MAX_PARAGRAPH_CHARS = 5000;

function viThuValue(m: RegExpExecArray): number | null {
  const w = m[1]!.toLowerCase().replace(/\s+/g, ' ');
  if (w === 'trước hết' || w === 'đầu tiên') return 1;
  const word = w.slice('thứ '.length);
  return /^\d/.test(word) ? Number(word) : (VI_ORDINALS[word] ?? null);
}

/** Every inline enumeration of two or more items in the paragraphs of the body. */
export function findInlineSequences(blocks: BodyBlock[], language: string | null): Sequence[] {
  const out: Sequence[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if ((b.type !== 'paragraph' && b.type !== 'quote') || b.text.length > MAX_PARAGRAPH_CHARS) continue;
    for (const seq of paragraphSequences(b.text, i, language)) out.push(seq);
  }
  return out;
}

/** The enumerations inside one paragraph's text. */
function paragraphSequences(text: string, block: number, language: string | null): Sequence[] {
  const out: Sequence[] = [];
  for (const style of STYLES) {
    if (style.closer || !style.first.test(text)) continue;
    const hits = findHits(text, style, language);
    for (const run of runsFrom(hits, WORD_FAMILIES.has(style.family) ? closerHits(text) : [])) {
      const seq = toSequence(text, block, run);
      if (seq) out.push(seq);
    }
  }
  return out;
}

function findHits(text: string, style: (typeof STYLES)[number], language: string | null): Hit[] {
  const hits: Hit[] = [];
  style.re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = style.re.exec(text))) {
    const ordinal = style.value(m, language);
    if (ordinal === null || ordinal < 1) continue;
    if (style.family === 'inline-vi-thu' && isWeekday(m[1]!, text.slice(m.index + m[0].length))) continue;
    // "(xem mục a) …": a bare "a)" inside an open bracket closes it instead of marking an item.
    if (!m[0].startsWith('(') && m[0].endsWith(')') && insideBrackets(text, m.index)) continue;
    hits.push({ family: style.family, ordinal, marker: m[1] ? markerAsWritten(m) : m[0], at: m.index, textAt: m.index + m[0].length, closer: false });
  }
  return hits;
}

/** The marker as the page writes it: "(1)", "1)", "a)", "first", "Thứ hai". */
function markerAsWritten(m: RegExpExecArray): string {
  const whole = m[0];
  if (/^\(?[\da-zđ]{1,4}\)$/iu.test(whole)) return whole;
  return `${m[1]}${m[2] ?? ''}`;
}

function closerHits(text: string): Hit[] {
  const style = STYLES.find((s) => s.closer)!;
  const hits: Hit[] = [];
  style.re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = style.re.exec(text))) hits.push({ family: 'closer', ordinal: 0, marker: m[1]!, at: m.index, textAt: m.index + m[0].length, closer: true });
  return hits;
}

/** Runs 1, 2, 3… in text order (a stray hit of another number is left inside an item); a closer after the last extends a run. */
function runsFrom(hits: Hit[], closers: Hit[]): Hit[][] {
  const runs: Hit[][] = [];
  let run: Hit[] = [];
  const close = (): void => {
    if (run.length >= 2) {
      const last = run[run.length - 1]!;
      const closer = closers.find((c) => c.at > last.at);
      if (closer) run.push({ ...closer, ordinal: last.ordinal + 1 });
      runs.push(run);
    }
    run = [];
  };
  for (const h of hits) {
    if (h.ordinal === 1) {
      close();
      run = [h];
    } else if (run.length > 0 && h.ordinal === run[run.length - 1]!.ordinal + 1) run.push(h);
  }
  close();
  return runs;
}

/** The run as a sequence: each item the text between its marker and the next, the last to its sentence's end. */
function toSequence(text: string, block: number, run: Hit[]): Sequence | null {
  const items: Item[] = [];
  for (let k = 0; k < run.length; k++) {
    const h = run[k]!;
    const next = run[k + 1];
    const raw = next ? text.slice(h.textAt, next.at) : lastItemText(text.slice(h.textAt));
    const rest = next ? trimItem(raw) : trimLastItem(raw);
    if (countWordsIn(rest) < MIN_WORDS_PER_ITEM) return null;
    const marker: Marker = { family: run[0]!.family, ordinal: h.ordinal, marker: h.marker, rest };
    items.push({ block, listItem: null, marker });
  }
  return {
    family: run[0]!.family,
    kind: 'inline',
    level: 0,
    items,
    gaps: [],
    implicitFirst: false,
    bold: false,
    introText: text.slice(0, run[0]!.at),
  };
}

/** An item's text without the marker's punctuation and without the "; " / ", and" that leads to the next one. */
function trimItem(raw: string): string {
  return raw
    .replace(/^[\s,:.;)\-–—]+/u, '')
    .replace(/^là(?![\p{L}])\s*[,:]?\s*/u, '')
    .replace(/(?:[\s,;:]+|\s+(?:and|or|và|hoặc|and then|as well as)(?![\p{L}]))+$/iu, '')
    .trim();
}

/** The last item runs to the end of its sentence; what the paragraph says after it is not the item. */
function lastItemText(raw: string): string {
  SENTENCE_END.lastIndex = 0;
  const m = SENTENCE_END.exec(raw);
  return m ? raw.slice(0, m.index + m[0].length) : raw;
}

/** ", the minister said." / ", ông Lộc cho biết." closing the sentence is not part of the last item. */
const ATTRIBUTION_TAIL =
  /,\s*(?:(?:the\s+|a\s+|her\s+|his\s+)?[\p{L}'’.-]+(?:\s+[\p{L}'’.-]+){0,4}\s+(?:said|says|added|announced|explained|told reporters)|(?:ông|bà|anh|chị|lãnh đạo|đại diện)\s+[\p{L}\s]{1,40}?\s(?:cho biết|nói|nhấn mạnh|khẳng định|cho hay))\s*([.!]?)["”]?$/iu;

function trimLastItem(raw: string): string {
  return trimItem(raw.replace(ATTRIBUTION_TAIL, '$1'));
}

function countWordsIn(s: string): number {
  return s.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
}

function isWeekday(marker: string, after: string): boolean {
  const m = /^(thứ)\s+(\S+)$/iu.exec(marker);
  if (!m) return false;
  const word = m[2]!;
  if (!/^(?:hai|ba|tư|năm|sáu|bảy|\d)$/iu.test(word)) return false;
  if (m[1] === 'thứ' && /^\p{Lu}/u.test(word)) return true;
  return WEEKDAY_AFTER.test(after);
}

/** Whether an unclosed "(" comes shortly before `at`. */
function insideBrackets(text: string, at: number): boolean {
  let depth = 0;
  for (let i = Math.max(0, at - 80); i < at; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && depth > 0) depth--;
  }
  return depth > 0;
}
