/**
 * Diacritic folding done in code, because the native Elasticsearch here (integ-test-zip)
 * has no analysis-common and so no `asciifolding` filter. "Nhiệm vụ trọng tâm" folds to
 * "nhiem vu trong tam"; the folded copy is indexed beside the original so a query typed
 * without diacritics still matches, while an exact match scores on both fields and ranks
 * higher.
 *
 * The fold is length-preserving in UTF-16 code units (a character whose fold would change
 * the length is only lower-cased, or kept as it is), so offsets in a folded field are offsets in the original:
 * that is what lets the highlighter mark the original text from a folded match
 * (`matched_fields`).
 */
const COMBINING_MARK = /\p{M}/gu;

/**
 * Folds UTF-16 code unit by code unit through a table of the whole Basic Multilingual
 * Plane (built once, ~30 ms): the indexer folds every body it writes, and a table lookup
 * per unit into a typed array costs a fraction of per-character string work. Surrogates
 * (characters beyond the BMP) are kept as they are.
 */
export function foldText(text: string): string {
  const table = (foldTable ??= buildFoldTable());
  const n = text.length;
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) out[i] = table[text.charCodeAt(i)]!;
  return Buffer.from(out.buffer, 0, n * 2).toString('utf16le');
}

let foldTable: Uint16Array | undefined;

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    const isSurrogate = c >= 0xd800 && c <= 0xdfff;
    const folded = isSurrogate ? ch : foldChar(ch);
    table[c] = folded.length === 1 ? folded.charCodeAt(0) : c;
  }
  return table;
}

function foldChar(ch: string): string {
  if (ch === 'đ' || ch === 'Đ') return 'd';
  const folded = ch.normalize('NFD').replace(COMBINING_MARK, '').toLowerCase();
  if (folded.length === ch.length) return folded;
  const lower = ch.toLowerCase();
  return lower.length === ch.length ? lower : ch;
}

/**
 * What a person typed, made safe to hand to Elasticsearch: Unicode NFC (the form the
 * documents are stored in), lone surrogates replaced, control characters turned into
 * spaces, and a length cap.
 */
export function cleanQueryText(q: string, maxLength = 1_000): string {
  return q
    .slice(0, maxLength)
    .replace(LONE_SURROGATE, '\uFFFD')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim();
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
