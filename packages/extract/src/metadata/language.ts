import type { Page } from '../dom/page';

const VI_LETTER = /[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]/gu;
const VI_ONLY = /[ăđơưĂĐƠƯ\u1ea0-\u1ef9]/gu;
const LETTER = /\p{L}/gu;
const EN_WORDS = /\b(?:the|and|of|to|in|is|that|for|with|was|are|on|by)\b/gi;

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
  const s = sample.slice(0, 5000);
  const letters = s.match(LETTER)?.length ?? 0;
  if (letters < 40) return null;
  const vi = s.match(VI_ONLY)?.length ?? 0;
  if (vi / letters > 0.03 && (s.match(VI_LETTER)?.length ?? 0) / letters > 0.05) return 'vi';
  const ascii = s.match(/[A-Za-z]/g)?.length ?? 0;
  const enWords = s.match(EN_WORDS)?.length ?? 0;
  if (ascii / letters > 0.97 && enWords >= 5) return 'en';
  return null;
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
