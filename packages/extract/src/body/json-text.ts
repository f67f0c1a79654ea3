/**
 * Article text a page carries only in JSON: JSON-LD `articleBody`, or the application state a
 * JavaScript front end hydrates from (`__NEXT_DATA__`, `window.__APOLLO_STATE__`…). Templates
 * that render the text in the browser leave the HTML with a teaser or nothing; the JSON is then
 * the article as the reader sees it.
 */
import type { BodyBlock } from '../block';
import { parseHtml } from '../dom/load';
import { Page } from '../dom/page';
import { cleanText, countWords } from '../text';
import { collectBlocks } from './blocks';

/** Keys under which front-end state keeps an article's text. */
const TEXT_KEY = /^(?:articleBody|articlebody|body|bodyHtml|bodyText|content|contentHtml|html|text|fullText|story)$/;
const MIN_WORDS = 80;
const MAX_STATE_CHARS = 3_000_000;
const MAX_NODES = 200_000;

/** Characters a word takes at the least in JSON text (the word, a space, some markup). */
const MIN_CHARS_PER_WORD = 3;

/**
 * The longest article text in the page's JSON, or null. State too short to hold clearly more
 * words than the HTML's `htmlWords` is not parsed at all.
 */
export function jsonArticleText(articleBody: unknown, appState: string[], htmlWords = 0): string | null {
  let best = typeof articleBody === 'string' && countWords(articleBody) >= MIN_WORDS ? articleBody : null;
  if (best) return best;
  const minChars = Math.max(MIN_WORDS, htmlWords / 0.6) * MIN_CHARS_PER_WORD;
  for (const raw of appState) {
    if (raw.length > MAX_STATE_CHARS || raw.length < minChars) continue;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      continue;
    }
    const found = longestText(data);
    if (found && (!best || found.length > best.length)) best = found;
  }
  return best && countWords(best) >= MIN_WORDS ? best : null;
}

/** Longest string held under a text-like key, iteratively (state trees can be large and deep). */
function longestText(data: unknown): string | null {
  let best: string | null = null;
  const stack: unknown[] = [data];
  for (let seen = 0; stack.length && seen < MAX_NODES; seen++) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
      continue;
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (typeof x === 'string') {
        if (TEXT_KEY.test(k) && (!best || x.length > best.length)) best = x;
      } else if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return best;
}

/** Blocks of a JSON article text: markup is parsed as a fragment, plain text split at line breaks. */
export function jsonTextBlocks(text: string): BodyBlock[] {
  if (/<(?:p|div|h[2-6]|ul|ol|br|blockquote)\b/i.test(text)) {
    const page = new Page(parseHtml(text).root);
    const body = page.elements.find((el) => el.name === 'body');
    return body ? collectBlocks(page, [body], new Set()) : [];
  }
  return text
    .split(/\s*\n\s*/)
    .map(cleanText)
    .filter(Boolean)
    .map((t) => ({ type: 'paragraph', text: t, level: 0, pseudo: false, ordered: false, items: [], start: 1, leadBold: '', alignedRight: false, bold: false, lineGroup: 0 }));
}

/** Whether the JSON text holds clearly more of the article than the blocks read from the HTML. */
export function jsonHoldsMore(jsonText: string, htmlWords: number): boolean {
  const words = countWords(jsonText);
  return words >= MIN_WORDS && htmlWords < words * 0.6;
}
