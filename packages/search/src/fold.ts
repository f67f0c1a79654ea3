/**
 * Diacritic folding done in code, because the native Elasticsearch here (integ-test-zip)
 * has no analysis-common and so no `asciifolding` filter. "Nhiệm vụ trọng tâm" folds to
 * "nhiem vu trong tam"; the folded copy is indexed beside the original so a query typed
 * without diacritics still matches, while an exact match scores on both fields and ranks
 * higher.
 *
 * The fold is length-preserving in UTF-16 code units (a character whose fold would change
 * the length is kept as it is), so offsets in a folded field are offsets in the original:
 * that is what lets the highlighter mark the original text from a folded match
 * (`matched_fields`).
 */
const COMBINING_MARK = /\p{M}/gu;

// Upper-case ASCII and every non-ASCII code point; the rest stays as it is.
const TO_FOLD = /[A-Z]|[^\u0000-\u007f]/gu;

export function foldText(text: string): string {
  return text.replace(TO_FOLD, foldChar);
}

const cache = new Map<string, string>();

function foldChar(ch: string): string {
  // ASCII is by far the most common case and needs no table.
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch;
  let folded = cache.get(ch);
  if (folded === undefined) {
    folded = ch === 'đ' || ch === 'Đ' ? 'd' : ch.normalize('NFD').replace(COMBINING_MARK, '').toLowerCase();
    if (folded.length !== ch.length) {
      const lower = ch.toLowerCase();
      folded = lower.length === ch.length ? lower : ch;
    }
    if (cache.size < 10_000) cache.set(ch, folded);
  }
  return folded;
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
