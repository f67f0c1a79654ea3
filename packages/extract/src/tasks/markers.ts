import { EN_CARDINALS, EN_ORDINALS, VI_CARDINALS, VI_ORDINALS, alternation, letterValue, numberValue, romanValue } from './numbers';

/**
 * Where a task marker is recognised: the start of a paragraph, heading or list item.
 * Recognised styles:
 * - Vietnamese ordinals "Thứ nhất", "Thứ 2", "Thứ ba"… (and "Trước hết"/"Đầu tiên" as first)
 * - Vietnamese "Một là, Hai là, …"
 * - English "First, Second, …", "Firstly", "First of all"
 * - "Step 1:", "Bước 2:", "Giải pháp 3:" and similar keyword + number
 * - "1.", "1)", "(1)", "1/", "1 -"; Roman "II."; letters "a)", "(b)", "c."
 * - bullets "-", "•", "+"… (only used when a count is announced)
 * - closers "Cuối cùng,", "Finally," (only to extend an enumeration already found)
 */
export interface Marker {
  /** Markers of one family form one enumeration ("Thứ 2" and "Thứ ba" are both `vi-thu`). */
  family: string;
  /** Number the marker stands for; null for bullets and closers. */
  ordinal: number | null;
  /** The marker as written, without the punctuation after it ("Thứ 2", "1.", "(a)", "Firstly"). */
  marker: string;
  /** Text after the marker and its punctuation. */
  rest: string;
  /** 'end' for "Finally,"-style closers that only extend an enumeration. */
  soft?: 'end';
}

export interface MarkerOptions {
  /** Headings may be a bare marker ("Thứ nhất") with no punctuation after it. */
  heading: boolean;
  language: string | null;
}

const VI_ORD = alternation(VI_ORDINALS);
const VI_CARD = alternation(VI_CARDINALS);
const EN_ORD = alternation(EN_ORDINALS);
const EN_CARD = alternation(EN_CARDINALS);

/** Punctuation that may follow a marker: comma, colon, period, semicolon, spaced dash. */
const AFTER = '(?:\\s*[,:.;]|\\s+[-–—](?=\\s)|\\s*[–—])';

const VI_THU = new RegExp(`^(thứ)\\s+(${VI_ORD}|\\d{1,2})(?![\\p{L}\\p{N}])(${AFTER}|\\s+là(?![\\p{L}])|$)`, 'iu');
const VI_FIRST = /^(trước hết|trước tiên|đầu tiên)(\s*[,:])/iu;
const VI_LA = new RegExp(`^(${VI_CARD})\\s+là(?![\\p{L}])\\s*[,:]?`, 'iu');
const EN_ORDINAL = new RegExp(`^(${EN_ORD})(ly)?(\\s+of\\s+all)?(${AFTER}|$)`, 'iu');
const KEYWORDS = 'step|bước|tip|mẹo|cách|way|reason|lý do|lí do|giải pháp|nhiệm vụ|part|phần|điều|priority|chapter|chương|mục|rule|lesson|bài học';
const KEYWORD = new RegExp(`^(${KEYWORDS})\\s+(\\d{1,2}|[IVX]{1,4}|${VI_CARD}|${EN_CARD})(?![\\p{L}\\p{N}])(\\s*[:.)]|\\s+[-–—](?=\\s)|$)`, 'iu');
const CLOSER_VI = /^(cuối cùng|sau cùng)(\s*[,:])/iu;
const CLOSER_EN = /^(finally|lastly|last but not least|and finally)(\s*[,:])/iu;
const DEC_DOT = /^(\d{1,2})\.(?=\s|\p{L})/u;
const DEC_PAREN = /^(\d{1,2})\)(?=\s|\p{L})/u;
const DEC_BOTH = /^\((\d{1,2})\)(?=\s|\p{L})/u;
const DEC_SLASH = /^(\d{1,2})\/(?=\s)/u;
const DEC_DASH = /^(\d{1,2})\s*[-–—](?=\s+\D)/u;
const ROMAN_RE = /^([IVXL]{1,6})[.)](?=\s)/u;
const ALPHA_PAREN = /^([a-hđ])\)(?=\s)/u;
const ALPHA_BOTH = /^\(([a-hđ])\)(?=\s)/u;
const ALPHA_DOT = /^([a-hđ])\.(?=\s)/u;
const BULLET = /^([-–—•●▪◦▫■□*+✓✔➢►▶])\s+/u;
const MARKER_START = /^[\d(\-–—•●▪◦▫■□*+✓✔➢►▶abcdefghilmnprstvwxđ]/iu;

/**
 * "Thứ Hai, ngày 3/1" and "thứ Hai tuần trước" are Mondays, not a second item: a weekday is
 * followed by a date or a time word.
 */
const WEEKDAY_CONTEXT = /^\(?\s*(?:ngày|mùng|hôm|tuần|sáng|chiều|tối|trưa|đêm|rạng sáng|vừa qua|tới|này|lúc|\d{1,2}\s*[/.-]\s*\d{1,2})/iu;
const WEEKDAY_WORDS = /^(?:hai|ba|tư|năm|sáu|bảy|\d)$/iu;

export function recogniseMarker(rawText: string, opts: MarkerOptions): Marker | null {
  const text = rawText.replace(/^[\s*“"'‘]+(?=\S)/u, '').trimStart();
  if (!text) return null;
  const head = text.slice(0, 160);
  // Every marker starts with a digit, a bracket, a bullet or one of these letters; most
  // paragraphs are ruled out here without running the patterns.
  if (!MARKER_START.test(head)) return null;
  for (const [re, read] of STYLES) {
    const m = re.exec(head);
    if (m) return read(m, text, opts);
  }
  return null;
}

/** Reads the marker a style's pattern matched in `text`; null when the match is not a marker after all. */
type MarkerReader = (m: RegExpExecArray, text: string, opts: MarkerOptions) => Marker | null;

/**
 * Marker styles in the order they are tried. The first pattern that matches decides: when its
 * reader rejects the text, no later style is tried ("Thứ Hai, ngày 3/1" is no marker at all).
 */
const STYLES: ReadonlyArray<readonly [RegExp, MarkerReader]> = [
  [VI_THU, readViThu],
  [VI_FIRST, (m, text) => ({ family: 'vi-thu', ordinal: 1, marker: m[1]!, rest: restAfter(text, m[0].length) })],
  [VI_LA, readViLa],
  [EN_ORDINAL, readEnOrdinal],
  [KEYWORD, readKeyword],
  [CLOSER_VI, (m, text) => ({ family: 'closer-vi', ordinal: null, marker: m[1]!, rest: restAfter(text, m[0].length), soft: 'end' })],
  [CLOSER_EN, (m, text) => ({ family: 'closer-en', ordinal: null, marker: m[1]!, rest: restAfter(text, m[0].length), soft: 'end' })],
  [DEC_DOT, (m, text) => numeric('dec.', m, text)],
  [DEC_PAREN, (m, text) => numeric('dec)', m, text)],
  [DEC_BOTH, (m, text) => numeric('(dec)', m, text)],
  [DEC_SLASH, (m, text) => numeric('dec/', m, text)],
  [DEC_DASH, (m, text) => numeric('dec-', m, text)],
  [ROMAN_RE, readRoman],
  [ALPHA_PAREN, (m, text, opts) => readLetter('alpha)', m, text, opts)],
  [ALPHA_BOTH, (m, text, opts) => readLetter('(alpha)', m, text, opts)],
  [ALPHA_DOT, (m, text, opts) => readLetter('alpha.', m, text, opts)],
  [BULLET, readBullet],
];

/** "Thứ nhất,", "Thứ 2:", "Thứ ba là" (a bare "Thứ ba" only as a heading), but not the weekday "thứ Hai". */
function readViThu(m: RegExpExecArray, text: string, opts: MarkerOptions): Marker | null {
  if (!m[3] && !opts.heading) return null;
  const word = m[2]!;
  const ordinal = /^\d/.test(word) ? Number(word) : (VI_ORDINALS[word.toLowerCase().replace(/\s+/g, ' ')] ?? null);
  if (ordinal === null) return null;
  const rest = restAfter(text, m[0].length);
  if (WEEKDAY_WORDS.test(word) && isWeekday(m[1]!, word, rest)) return null;
  return { family: 'vi-thu', ordinal, marker: `${m[1]} ${word}`, rest };
}

/** "Một là, …", "Hai là: …". */
function readViLa(m: RegExpExecArray, text: string): Marker | null {
  const n = numberValue(m[1]!);
  if (n === null) return null;
  return { family: 'vi-la', ordinal: n, marker: `${m[1]} ${text.slice(m[1]!.length).trimStart().slice(0, 2)}`, rest: restAfter(text, m[0].length) };
}

/** "First,", "Secondly:", "First of all," (a bare "First" only as a heading). */
function readEnOrdinal(m: RegExpExecArray, text: string, opts: MarkerOptions): Marker | null {
  if (!m[4] && !opts.heading) return null;
  const n = EN_ORDINALS[m[1]!.toLowerCase()];
  if (n === undefined) return null;
  return { family: 'en-ord', ordinal: n, marker: `${m[1]}${m[2] ?? ''}${m[3] ?? ''}`, rest: restAfter(text, m[0].length) };
}

/** "Step 1:", "Bước hai.", "Part II -": each keyword is a family of its own. */
function readKeyword(m: RegExpExecArray, text: string, opts: MarkerOptions): Marker | null {
  if (!m[3] && !opts.heading) return null;
  const numWord = m[2]!;
  const n = romanValue(numWord) ?? numberValue(numWord);
  if (n === null) return null;
  const keyword = m[1]!.toLowerCase().replace(/\s+/g, ' ');
  return { family: `kw:${keyword}`, ordinal: n, marker: `${m[1]} ${numWord}`, rest: restAfter(text, m[0].length) };
}

function readRoman(m: RegExpExecArray, text: string): Marker | null {
  const n = romanValue(m[1]!);
  if (n === null) return null;
  return { family: 'roman', ordinal: n, marker: m[0], rest: restAfter(text, m[0].length) };
}

/** "a)", "(b)", "c.": the letter's place in the language's alphabet. */
function readLetter(family: string, m: RegExpExecArray, text: string, opts: MarkerOptions): Marker | null {
  const n = letterValue(m[1]!, opts.language);
  if (n === null) return null;
  return { family, ordinal: n, marker: m[0], rest: restAfter(text, m[0].length) };
}

/** "- …", "• …": a bullet with text after it. */
function readBullet(m: RegExpExecArray, text: string): Marker | null {
  const rest = restAfter(text, m[0].length);
  if (!rest) return null;
  return { family: `bullet:${m[1]}`, ordinal: null, marker: m[1]!, rest };
}

function numeric(family: string, m: RegExpExecArray, text: string): Marker | null {
  const n = Number(m[1]);
  if (!(n >= 0 && n <= 50)) return null;
  const rest = restAfter(text, m[0].length);
  if (!rest) return null;
  return { family, ordinal: n, marker: m[0].trim(), rest };
}

function isWeekday(thu: string, word: string, rest: string): boolean {
  // Orthography: a weekday is "thứ Hai" (lower-case thứ, capital day) mid-sentence.
  if (thu === 'thứ' && /^\p{Lu}/u.test(word)) return true;
  return WEEKDAY_CONTEXT.test(rest);
}

/** Text after a marker, with the marker's trailing punctuation and "là" removed. */
function restAfter(text: string, at: number): string {
  return text.slice(at).replace(/^[\s,:.;)\-–—]+/u, '').replace(/^là(?![\p{L}])\s*[,:]?\s*/u, '').trim();
}
