import type { Page } from '../dom/page';

const LETTER = /\p{L}/u;
const EN_WORDS = /\b(?:the|and|of|to|in|is|that|for|with|was|are|on|by)\b/gi;
/** Vietnamese letters outside U+1EA0–U+1EF9: ă â đ ê ô ơ ư and their capitals. */
const VI_BASIC = new Set([...'ăâđêôơưĂÂĐÊÔƠƯ'].map((c) => c.charCodeAt(0)));
/** … of which these are Vietnamese only (â ê ô are French and Portuguese too). */
const VI_ONLY_BASIC = new Set([...'ăđơưĂĐƠƯ'].map((c) => c.charCodeAt(0)));

/** Primary language subtag, lower-case ("vi-VN" → "vi"), or null. */
export function normaliseLanguage(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().split(/[-_\s,;]/)[0]!.toLowerCase();
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

/**
 * Vietnamese is recognised by its letters (ă đ ơ ư and the tone-marked vowels of
 * U+1EA0–U+1EF9, which no other Latin-script language uses much); English by its commonest
 * function words in ASCII text.
 */
export function detectLanguage(sample: string): string | null {
  const s = sample.length > 5000 ? sample.slice(0, 5000) : sample;
  // One pass over the characters: counting with regex matches would build an array per class.
  let letters = 0;
  let ascii = 0;
  let vi = 0;
  let viOnly = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
        letters++;
        ascii++;
      }
      continue;
    }
    const toned = c >= 0x1ea0 && c <= 0x1ef9;
    if (toned || VI_BASIC.has(c)) {
      vi++;
      if (toned || VI_ONLY_BASIC.has(c)) viOnly++;
      letters++;
    } else if (c < 0xd800 || c > 0xdfff ? LETTER.test(s[i]!) : c <= 0xdbff && LETTER.test(s.slice(i, i + 2))) letters++;
  }
  if (letters < 40) return null;
  if (viOnly / letters > 0.03 && vi / letters > 0.05) return 'vi';
  if (ascii / letters <= 0.97) return null;
  let enWords = 0;
  EN_WORDS.lastIndex = 0;
  while (enWords < 5 && EN_WORDS.exec(s)) enWords++;
  return enWords >= 5 ? 'en' : null;
}

/**
 * Declared language (html lang, content-language, og:locale, JSON-LD inLanguage), unless the
 * text is clearly another language: templates often keep a default lang="en".
 */
export function findLanguage(page: Page, jsonLdLanguage: string | null, sample: string): string | null {
  const declared = normaliseLanguage(
    page.htmlLang ?? page.meta('content-language', 'language', 'dc.language', 'og:locale') ?? jsonLdLanguage,
  );
  const detected = detectLanguage(sample);
  if (detected && declared !== detected) return detected;
  return declared ?? detected;
}
