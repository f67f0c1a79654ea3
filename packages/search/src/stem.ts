import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as german } from '@orama/stemmers/german';
import { stemmer as spanish } from '@orama/stemmers/spanish';
import { foldText } from './fold';
import { wordsOf } from './words';

/**
 * Word forms done in code, for the same reason as folding (fold.ts): the native
 * Elasticsearch has no analysis-common and so no stemmer filters. Every searchable text is
 * also stored as the Snowball stems of its words (`<field>_stemmed`), folded, and a query
 * is stemmed the same way and run against those fields with a lower boost than the exact
 * and folded ones: "priority" finds "priorities", and a document holding the very word
 * still ranks first.
 *
 * English is stemmed unless the article's language is one with its own stemmer here
 * (German, French, Spanish) or one that has no word forms to strip: Vietnamese syllables
 * never inflect, so a Vietnamese text has no stemmed copy at all (its words are matched
 * as phrases instead, see queries.ts).
 */
export type StemLanguage = 'en' | 'de' | 'fr' | 'es';

export const STEM_LANGUAGES: readonly StemLanguage[] = ['en', 'de', 'fr', 'es'];

/** Languages whose texts get no stemmed copy. */
export const UNSTEMMED_LANGUAGES: readonly string[] = ['vi'];

const STEMMERS: Record<StemLanguage, (word: string) => string> = { en: english, de: german, fr: french, es: spanish };

/** The stemmer an article of this language is stemmed with; null for none. */
export function stemLanguageOf(language: string | null | undefined): StemLanguage | null {
  const code = (language ?? '').slice(0, 2).toLowerCase();
  if (UNSTEMMED_LANGUAGES.includes(code)) return null;
  return (STEM_LANGUAGES as readonly string[]).includes(code) ? (code as StemLanguage) : 'en';
}

const WORD = /[\p{L}\p{M}][\p{L}\p{M}\p{N}]*/gu;
const CACHE_LIMIT = 50_000;
const caches: Record<StemLanguage, Map<string, string>> = { en: new Map(), de: new Map(), fr: new Map(), es: new Map() };

/**
 * One word's stem, lower-cased and folded (so a query typed without accents finds
 * "réformes"). News vocabulary repeats a lot: stems are remembered per language (bounded;
 * the cache is dropped whole when full, which costs one re-stem per word).
 */
export function stemWord(word: string, lang: StemLanguage): string {
  return stemLower(word.toLowerCase(), lang);
}

function stemLower(lower: string, lang: StemLanguage): string {
  const cache = caches[lang];
  let stem = cache.get(lower);
  if (stem === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    stem = foldText(STEMMERS[lang](lower));
    cache.set(lower, stem);
  }
  return stem;
}

/** The stems of a text's words, space-separated ('' for a language without stemming). */
export function stemText(text: string, lang: StemLanguage | null): string {
  if (lang === null || !text) return '';
  const words = wordsOf(text.toLowerCase());
  for (let i = 0; i < words.length; i++) words[i] = stemLower(words[i]!, lang);
  return words.join(' ');
}

/**
 * A simple_query_string with every word replaced by its stem and everything else (quotes,
 * `-`, `|`, `+`, parentheses, `*`) kept where it was, so the query's syntax means the same.
 */
export function stemQuery(q: string, lang: StemLanguage): string {
  return q.replace(WORD, (w) => stemWord(w, lang));
}
