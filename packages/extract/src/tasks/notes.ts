import type { BodyBlock } from '../block';
import type { Sequence } from './enumerations';

/**
 * Numbered things that are not the article's tasks even inside the body: footnotes, sources,
 * references, "most read" boxes. They are told by their title ("Notes", "Nguồn", "Chú thích",
 * "Đọc nhiều"), by items that read as citations, or by reference marks in the text ("[1]",
 * a superscript "…debate.1") that the list answers.
 */

const NOTES_TITLE = new RegExp(
  '^(?:' +
    [
      'notes?', 'footnotes?', 'end ?notes?', 'sources?', 'references?', 'bibliography', 'citations?', 'further reading',
      'works cited', 'sources and notes', 'notes and references', 'most (?:read|popular|viewed|shared)(?: \\p{L}+){0,2}',
      'trending(?: now)?', 'top \\d+ (?:most )?(?:read|viewed|popular)(?: \\p{L}+)?',
      'chú thích', 'ghi chú', 'chú giải', 'nguồn(?: tham khảo| tin| dữ liệu| số liệu)?', 'tài liệu tham khảo', 'tham khảo',
      '(?:tin |bài )?(?:đọc|xem) nhiều(?: nhất)?(?: \\p{L}+){0,2}', 'top \\d+ (?:tin|bài) (?:đọc|xem) nhiều(?: nhất)?',
    ].join('|') +
    ')\\s*[:.]?$',
  'iu',
);

/** Whether a heading or a short paragraph is the title of notes, sources, references or a most-read box. */
export function isNotesTitle(text: string): boolean {
  return text.length <= 60 && NOTES_TITLE.test(text.replace(/^[\s*#•]+/u, '').trim());
}

/** A footnote line: "[1] …", "^ …", "↑ …", "* …", or one ending with a back-link "↩". */
export function isFootnoteLine(text: string): boolean {
  return /^(?:\[\d{1,3}\]|\^|↑|\*\s|\d{1,2}\s*[\]^])/u.test(text) || /[↩↑⤴]\s*$/u.test(text);
}

/** A citation: a URL, "Retrieved …", "Truy cập …", "Ibid.", a page number, an ISBN or DOI. */
const CITATION = /https?:\/\/|www\.\p{L}|\b(?:retrieved|accessed|archived|truy cập|ibid|op\. cit|isbn|doi:)|\bpp?\.\s*\d|\btr\.\s*\d|\(\d{4}\)[.,]/iu;

function looksLikeCitation(text: string): boolean {
  return isFootnoteLine(text) || CITATION.test(text);
}

/**
 * "[1]" and superscript numbers glued to punctuation in a paragraph: "…debate.1 More…", and
 * after a number "…năm 2023.1 Phần…" / "…tháng 6.2" when a sentence or the paragraph ends there
 * (a decimal goes on in lower case: "6.2 triệu").
 */
const REFERENCE_MARK = /\[(\d{1,2})\]|(?<=\p{L}[.,;:!?”"])(\d{1,2})(?=\s|$)|(?<=\d\.)(\d{1,2})(?=\s+\p{Lu}|$)/gu;

/** Where each reference mark of the body stands, [block, number] in block order; read once per body. */
const MARKS = new WeakMap<BodyBlock[], Array<[number, number]>>();
const MAX_MARKS = 1000;

function allMarks(blocks: BodyBlock[]): Array<[number, number]> {
  let marks = MARKS.get(blocks);
  if (marks) return marks;
  marks = [];
  for (let i = 0; i < blocks.length && marks.length < MAX_MARKS; i++) {
    const b = blocks[i]!;
    if (b.type === 'list' || !/[\]\d]/.test(b.text)) continue;
    REFERENCE_MARK.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = REFERENCE_MARK.exec(b.text))) marks.push([i, Number(m[1] ?? m[2] ?? m[3])]);
  }
  MARKS.set(blocks, marks);
  return marks;
}

/** Reference numbers used in the body text before block `before`. */
function referenceMarks(blocks: BodyBlock[], before: number): Set<number> {
  const marks = new Set<number>();
  for (const [block, n] of allMarks(blocks)) {
    if (block >= before) break;
    marks.add(n);
  }
  return marks;
}

/** The texts of an enumeration's items, for reading what they look like. */
function itemTexts(seq: Sequence, blocks: BodyBlock[]): string[] {
  return seq.items.map((it) => (it.listItem !== null ? (blocks[it.block]!.items[it.listItem] ?? '') : blocks[it.block]!.text));
}

/** The title right above an enumeration: the heading of its section, or the short paragraph introducing it. */
function titleAbove(blocks: BodyBlock[], start: number): string | null {
  const prev = blocks[start - 1];
  if (prev && prev.type !== 'list' && prev.text.length <= 60 && isNotesTitle(prev.text)) return prev.text;
  for (let i = start - 1; i >= 0; i--) {
    const b = blocks[i]!;
    if (b.type === 'heading') return b.text;
  }
  return null;
}

/** Whether an enumeration is footnotes, sources, references or a numbered most-read box rather than tasks. */
export function isReferenceList(seq: Sequence, blocks: BodyBlock[]): boolean {
  if (seq.kind === 'inline') return false;
  const start = seq.items[0]!.block;
  const title = titleAbove(blocks, start);
  if (title !== null && isNotesTitle(title)) return true;
  const texts = itemTexts(seq, blocks);
  if (texts.filter(looksLikeCitation).length * 2 >= texts.length) return true;
  // Footnotes answer the reference marks of the text: [1]…[n] before a list of n. A mark
  // glued to a number ("tháng 6.2") cannot be told from a decimal, so a third may be missing.
  const marks = referenceMarks(blocks, start);
  const n = seq.items.length;
  if (!marks.has(1) || !marks.has(n)) return false;
  let found = 0;
  for (let k = 1; k <= n; k++) if (marks.has(k)) found++;
  return found * 3 >= n * 2;
}
