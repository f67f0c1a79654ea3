/** Number and ordinal words, Vietnamese and English, for counts and markers. */
import { lookupTable } from '../lookup';

export const VI_CARDINALS: Readonly<Record<string, number>> = lookupTable({
  'một': 1, 'hai': 2, 'ba': 3, 'bốn': 4, 'tư': 4, 'năm': 5, 'sáu': 6, 'bảy': 7, 'bẩy': 7, 'tám': 8, 'chín': 9,
  'mười': 10, 'mười một': 11, 'mười hai': 12, 'mười ba': 13, 'mười bốn': 14, 'mười lăm': 15,
  'mười sáu': 16, 'mười bảy': 17, 'mười tám': 18, 'mười chín': 19, 'hai mươi': 20,
});

/** "Thứ nhất", "Thứ hai"… ("tư" and "bốn" both mean fourth). */
export const VI_ORDINALS: Readonly<Record<string, number>> = lookupTable({
  'nhất': 1, 'hai': 2, 'ba': 3, 'tư': 4, 'bốn': 4, 'năm': 5, 'sáu': 6, 'bảy': 7, 'bẩy': 7, 'tám': 8,
  'chín': 9, 'mười': 10, 'mười một': 11, 'mười hai': 12,
});

export const EN_CARDINALS: Readonly<Record<string, number>> = lookupTable({
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20,
});

export const EN_ORDINALS: Readonly<Record<string, number>> = lookupTable({
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
  tenth: 10, eleventh: 11, twelfth: 12,
});

/** Alternation of a word table's keys, longest first so "mười hai" wins over "mười". */
export function alternation(table: Record<string, number>): string {
  return Object.keys(table)
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/ /g, '\\s+'))
    .join('|');
}

/** Value of a number written in digits or words (either language), or null. */
export function numberValue(word: string): number | null {
  const w = word.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^\d{1,3}$/.test(w)) return Number(w);
  return VI_CARDINALS[w] ?? EN_CARDINALS[w] ?? null;
}

const ROMAN: Record<string, number> = { I: 1, V: 5, X: 10, L: 50 };

export function romanValue(s: string): number | null {
  if (!/^[IVXL]+$/.test(s)) return null;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN[s[i]!]!;
    const next = i + 1 < s.length ? ROMAN[s[i + 1]!]! : 0;
    total += v < next ? -v : v;
  }
  return total > 0 && total <= 40 ? total : null;
}

/** Position of a list letter: Vietnamese order has đ after d and no f (a b c d đ e g h). */
export function letterValue(letter: string, language: string | null): number | null {
  const l = letter.toLowerCase();
  const order = language === 'vi' ? 'abcdđeghiklmn' : 'abcdefghijklmn';
  const i = order.indexOf(l);
  return i >= 0 ? i + 1 : null;
}
