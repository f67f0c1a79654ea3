import type { estypes } from '@elastic/elasticsearch';
import { foldText } from './fold';
import { STEM_LANGUAGES, stemQuery, type StemLanguage } from './stem';

/** The fields one text query runs against: as written, folded (fold.ts), stemmed (stem.ts). */
export interface TextFields {
  exact: string[];
  folded: string[];
  stemmed: string[];
  /**
   * The documents' language field, when it sits beside the stemmed fields (not inside a
   * nested task): a query's German stems are then matched against German articles only.
   */
  languageField?: string;
}

/**
 * Below the exact and folded matches: a document holding the very word ranks above one
 * holding another form of it (its exact and folded fields score too).
 */
export const STEM_BOOST = 0.4;
/** A query of several words found as a phrase, syllables in order ("nhiệm vụ trọng tâm"). */
export const PHRASE_BOOST = 5;

const common = { default_operator: 'and' as const, lenient: true };

/**
 * The text part of every search: simple_query_string never throws on user syntax
 * (unbalanced quotes, stray operators), so whatever a person types is safe. The query is
 * run as typed against the exact fields, folded against their `_folded` copies, and
 * stemmed against the `_stemmed` ones: "nhiem vu" finds "nhiệm vụ", "priority" finds
 * "priorities", and a document matching as typed scores on all of them and ranks higher.
 * A plain query of several words also scores as a phrase (see `phraseClauses`).
 */
export function textQuery(q: string, fields: TextFields): estypes.QueryDslQueryContainer | null {
  if (!q) return null;
  return {
    bool: {
      should: [
        { simple_query_string: { query: q, fields: fields.exact, ...common } },
        { simple_query_string: { query: foldText(q), fields: fields.folded, ...common } },
        ...stemmedClauses(q, fields),
        ...phraseClauses(q, fields),
      ],
      minimum_should_match: 1,
    },
  };
}

/**
 * The query's stems under each stemmer (the query's language is not known), one clause
 * per distinct stemmed query: most words stem alike in all four, so usually one or two.
 */
function stemmedClauses(q: string, fields: TextFields): estypes.QueryDslQueryContainer[] {
  if (!fields.stemmed.length) return [];
  const byStems = new Map<string, StemLanguage[]>();
  for (const lang of STEM_LANGUAGES) {
    const stemmed = stemQuery(q, lang);
    byStems.set(stemmed, [...(byStems.get(stemmed) ?? []), lang]);
  }
  return [...byStems].map(([stemmed, langs]) => {
    const match: estypes.QueryDslQueryContainer = { simple_query_string: { query: stemmed, fields: fields.stemmed, boost: STEM_BOOST, ...common } };
    if (!fields.languageField || langs.length === STEM_LANGUAGES.length) return match;
    return { bool: { must: [match], filter: [languageFilter(fields.languageField, langs)] } };
  });
}

/** Articles stemmed with one of these stemmers: English stands for every language without its own. */
function languageFilter(field: string, langs: StemLanguage[]): estypes.QueryDslQueryContainer {
  if (!langs.includes('en')) return { terms: { [field]: langs } };
  const others = STEM_LANGUAGES.filter((l) => !langs.includes(l));
  return { bool: { must_not: [{ terms: { [field]: others } }] } };
}

const SYNTAX = /["+|*()~]|(?:^|\s)-/;
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * A query of two or more plain words also scores as a phrase, on the exact and the folded
 * fields: Vietnamese words are one to three syllables, each its own token, so "nhiệm vụ
 * trọng tâm" as four syllables in a row means the phrase, the same syllables apart mean
 * little. Only a query without operators: a phrase clause must not match what the query
 * excludes (`-word`), and one in quotes is a phrase already.
 */
function phraseClauses(q: string, fields: TextFields): estypes.QueryDslQueryContainer[] {
  if (SYNTAX.test(q)) return [];
  const words = q.match(WORD) ?? [];
  if (words.length < 2) return [];
  const phrase = words.join(' ');
  return [
    { multi_match: { query: phrase, fields: fields.exact, type: 'phrase', boost: PHRASE_BOOST } },
    { multi_match: { query: foldText(phrase), fields: fields.folded, type: 'phrase', boost: PHRASE_BOOST } },
  ];
}
