/** Text normalisation shared by every part of the extractor. */

// Zero-width space, word joiner, BOM, soft hyphen. Not ZWNJ/ZWJ (U+200C/D): Bengali, Hindi,
// Persian and emoji sequences need them.
const INVISIBLE = /[\u200b\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2061-\u2064\u2066-\u2069\u180e]/g;
const COMBINING = /[\u0300-\u036f]/;

/** Collapses every run of whitespace (incl. no-break spaces) to one space and trims. */
export function cleanText(s: string): string {
  return s.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * Vietnamese text sometimes arrives decomposed (base letter + combining marks); everything
 * downstream compares strings, so the whole page is put in composed form once.
 */
export function toNfc(s: string): string {
  return COMBINING.test(s) ? s.normalize('NFC') : s;
}

const ALNUM = /[\p{L}\p{N}]/u;

/** Whitespace-separated tokens that hold a letter or digit (a lone "–" or "…" is not a word). */
export function countWords(s: string): number {
  let n = 0;
  let inToken = false;
  let counted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      inToken = false;
      continue;
    }
    if (!inToken) {
      inToken = true;
      counted = false;
    }
    if (counted) continue;
    const alnum = c < 128 ? (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) : ALNUM.test(s[i]!);
    if (alnum) {
      n++;
      counted = true;
    }
  }
  return n;
}

/** Non-whitespace characters (no allocation). */
export function countChars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) n++;
  return n;
}

export function isSpace(c: number): boolean {
  return c <= 32 || c === 160 || (c >= 0x2000 && c <= 0x200d) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff || c === 0x1680 || c === 0x85;
}

/** Lower-case letters and digits only, single-spaced: for comparing titles and leads. */
export function fold(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}


/** True when one text is the other, possibly cut short ("…", "...") by a meta tag. */
export function sameText(a: string, b: string): boolean {
  // Only a prefix of the longer text can matter; folding all of a huge paragraph is waste.
  const limit = Math.min(a.length, b.length) * 2 + 100;
  const fa = fold(a.length > limit ? a.slice(0, limit) : a);
  const fb = fold(b.length > limit ? b.slice(0, limit) : b);
  if (!fa || !fb) return false;
  if (fa === fb) return a.length <= limit && b.length <= limit;
  const [short, long] = fa.length <= fb.length ? [fa, fb] : [fb, fa];
  return short.length >= 40 && long.startsWith(short);
}

