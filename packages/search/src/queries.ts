import type { Client, estypes } from '@elastic/elasticsearch';
import type { ArticleDocument, TaskDocument } from './documents';
import { BadSearchRequest } from './errors/bad-search-request';
import { cleanQueryText, foldText } from './fold';
import type { IndexNames } from './index-names';
import { MATCH_ONLY_FIELDS } from './mappings';
import { textQuery } from './text-query';

export interface SearchFilters {
  /** Any of these sources (ids as indexed, e.g. a host name). */
  source?: string[];
  language?: string[];
  /** Author name, diacritics optional. */
  author?: string;
  /** Published at or after: ISO date or date-time. */
  since?: string;
  /** Published at or before; a bare date includes that whole day. */
  until?: string;
  hasTasks?: boolean;
  /** Only the versions of this story (a `storyId`). */
  story?: string;
}

export type SearchSort = 'relevance' | 'date';
export type HistogramInterval = 'day' | 'week' | 'month' | 'year';

export interface ArticleSearchParams extends SearchFilters {
  q?: string;
  size?: number;
  /** Offset paging (up to 10 000); ignored when `after` is given. */
  from?: number;
  /** Opaque cursor: the `next` of the previous page (search_after). */
  after?: string;
  sort?: SearchSort;
  /** Facets are computed unless false. */
  facets?: boolean;
  interval?: HistogramInterval;
  /** Every version of a story as its own hit; by default a story is one hit (its best version). */
  duplicates?: boolean;
}

/** Another version of a hit's story (a near copy of its text), as listed with the hit. */
export interface StoryVersion {
  id: string;
  url: string;
  source: string;
  title: string;
  publishedAt: string | null;
}

export interface MatchedTask {
  ordinal: number;
  highlights: string[];
}

export interface ArticleHit extends Omit<ArticleDocument, 'body'> {
  id: string;
  score: number | null;
  /** HTML-escaped fragments with the matches wrapped in <mark>. */
  highlights: Record<string, string[]>;
  matchedTasks: MatchedTask[];
  /** When stories are collapsed: how many other versions of this story matched, and the first few. */
  otherVersions?: number;
  versions?: StoryVersion[];
}

export interface FacetBucket {
  value: string;
  count: number;
}

export interface Facets {
  sources: FacetBucket[];
  languages: FacetBucket[];
  published: { date: string; count: number }[];
}

export interface SearchPage<T> {
  /** Matching documents; when stories are collapsed, matching stories (exact up to 40 000). */
  total: number;
  hits: T[];
  /** Cursor of the page after this one (pass as `after`), null on the last page. */
  next: string | null;
  facets?: Facets;
}

export const MAX_QUERY_LENGTH = 1_000;
const MAX_OFFSET = 10_000;

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function dateBound(value: string | undefined, name: string, endOfDay: boolean): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!DATE.test(value) || Number.isNaN(Date.parse(value.length === 10 ? value : value.replace(' ', 'T')))) {
    throw new BadSearchRequest(`${name} must be an ISO date (2024-01-31) or date-time (2024-01-31T08:00:00+07:00), got ${JSON.stringify(value.slice(0, 40))}`);
  }
  // "until 2024-01-31" means the whole of that day: round up with date math.
  return value.length === 10 && endOfDay ? `${value}||/d` : value;
}

function filtersFor(f: SearchFilters, kind: 'articles' | 'tasks'): estypes.QueryDslQueryContainer[] {
  const out: estypes.QueryDslQueryContainer[] = [];
  if (f.source?.length) out.push({ terms: { source: f.source } });
  if (f.language?.length) out.push({ terms: { language: f.language } });
  if (f.author?.trim()) {
    const author = cleanQueryText(f.author, 200);
    out.push(kind === 'articles' ? { match: { authors_folded: { query: foldText(author), operator: 'and' } } } : { term: { authors: author } });
  }
  const gte = dateBound(f.since, 'since', false);
  const lte = dateBound(f.until, 'until', true);
  if (gte || lte) out.push({ range: { publishedAt: { ...(gte ? { gte } : {}), ...(lte ? { lte } : {}) } } });
  if (kind === 'articles' && f.story) out.push({ term: { storyId: f.story } });
  if (kind === 'articles' && f.hasTasks !== undefined) {
    out.push(f.hasTasks ? { range: { taskCount: { gte: 1 } } } : { bool: { must_not: [{ range: { taskCount: { gte: 1 } } }] } });
  }
  return out;
}

// Undated documents sort as 1970 (a plain number survives the cursor's JSON round trip,
// unlike the Long.MIN_VALUE that `_last` would put there).
const byDate: estypes.SortCombinations = { publishedAt: { order: 'desc', missing: 0 } };

function sortFor(sort: SearchSort, tieBreakers: estypes.SortCombinations[]): estypes.SortCombinations[] {
  return sort === 'date' ? [byDate, ...tieBreakers] : [{ _score: { order: 'desc' } }, byDate, ...tieBreakers];
}

export function encodeCursor(sort: estypes.SortResults | undefined): string | null {
  return sort ? Buffer.from(JSON.stringify(sort)).toString('base64url') : null;
}

export function decodeCursor(cursor: string): estypes.SortResults {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length >= 1 && values.length <= 4 && values.every((v) => typeof v === 'number' || typeof v === 'string')) return values as estypes.SortResults;
  } catch {
    // falls through to the error below
  }
  throw new BadSearchRequest('after: not a cursor this API handed out (use the `next` of the previous page)');
}

/**
 * A collapsed search cannot page with search_after (Elasticsearch allows it only when
 * sorting on the collapse field), so its cursor carries the offset of the next page.
 */
const OFFSET_CURSOR = '@offset';

function pageOf(params: { size?: number; from?: number; after?: string }, collapsed = false): { size: number; from?: number; search_after?: estypes.SortResults } {
  const size = clamp(params.size ?? 10, 1, 100);
  const after = params.after ? decodeCursor(params.after) : undefined;
  const offset = after?.[0] === OFFSET_CURSOR ? Number(after[1]) : undefined;
  if (after && offset === undefined && collapsed) throw new BadSearchRequest('after: this cursor pages a search with duplicates=true; run the search again for a cursor of this one');
  if (after && offset === undefined) return { size, search_after: after };
  return { size, from: clamp(offset ?? params.from ?? 0, 0, MAX_OFFSET - size) };
}

const HIGHLIGHT = { pre_tags: ['<mark>'], post_tags: ['</mark>'], encoder: 'html' as const };
const folded = (field: string, opts: estypes.SearchHighlightField = {}): estypes.SearchHighlightField => ({ type: 'unified', matched_fields: [field, `${field}_folded`], ...opts });

const ARTICLE_FIELDS = { exact: ['title^3', 'lead^2', 'body', 'authors', 'taskHeading'], folded: ['title_folded^3', 'lead_folded^2', 'body_folded', 'authors_folded'], stemmed: ['title_stemmed^3', 'lead_stemmed^2', 'body_stemmed'], languageField: 'language' };
const TASK_FIELDS = { exact: ['tasks.text'], folded: ['tasks.text_folded'], stemmed: ['tasks.text_stemmed'] };

/** The article query: its text in the article's fields or in one of its tasks (whose matches come back as inner hits). */
function articleQuery(q: string, params: ArticleSearchParams): estypes.QueryDslQueryContainer {
  const main = textQuery(q, ARTICLE_FIELDS);
  const inTasks = textQuery(q, TASK_FIELDS);
  const taskHighlight = { ...HIGHLIGHT, fields: { 'tasks.text': folded('tasks.text', { fragment_size: 160, number_of_fragments: 1 }) } };
  const must: estypes.QueryDslQueryContainer[] = main && inTasks
    ? [{ bool: { should: [main, { nested: { path: 'tasks', score_mode: 'max', query: inTasks, inner_hits: { name: 'tasks', size: 6, _source: ['tasks.ordinal'], highlight: taskHighlight } } }], minimum_should_match: 1 } }]
    : [];
  return { bool: { must, filter: filtersFor(params, 'articles') } };
}

/**
 * One hit per story (`collapse` on storyId): the best version by the search's own order,
 * with how many others matched and the first few of them, oldest first.
 */
const STORY_COLLAPSE: estypes.SearchFieldCollapse = {
  field: 'storyId',
  inner_hits: { name: 'versions', size: 5, _source: ['url', 'source', 'title', 'publishedAt'], sort: [{ fetchedAt: 'asc' }, { finalUrl: 'asc' }] },
};

export async function searchArticles(es: Client, names: IndexNames, params: ArticleSearchParams): Promise<SearchPage<ArticleHit>> {
  const q = cleanQueryText(params.q ?? '', MAX_QUERY_LENGTH);
  const collapsed = params.duplicates !== true;
  const page = pageOf(params, collapsed);
  const sort = params.sort ?? 'relevance';
  const aggs = { ...(params.facets === false ? {} : facetAggs(params.interval ?? 'month')), ...(collapsed ? { stories: { cardinality: { field: 'storyId', precision_threshold: 40_000 } } } : {}) };
  const res = await es.search<ArticleDocument>({
    index: names.articles,
    ...page,
    track_total_hits: true,
    _source: { excludes: ['body', ...MATCH_ONLY_FIELDS] },
    query: articleQuery(q, params),
    sort: sortFor(sort, [{ finalUrl: 'asc' }]),
    track_scores: sort === 'relevance',
    ...(collapsed ? { collapse: STORY_COLLAPSE } : {}),
    highlight: {
      ...HIGHLIGHT,
      fields: { title: folded('title', { number_of_fragments: 0 }), lead: folded('lead', { number_of_fragments: 0 }), body: folded('body', { fragment_size: 160, number_of_fragments: 2 }) },
    },
    ...(Object.keys(aggs).length ? { aggs } : {}),
  });
  const hits = res.hits.hits.map((h) => articleHitOf(h, collapsed));
  const stories = (res.aggregations?.stories as estypes.AggregationsCardinalityAggregate | undefined)?.value;
  const next = collapsed ? (hits.length === page.size ? encodeCursor([OFFSET_CURSOR, (page.from ?? 0) + page.size]) : null) : nextCursor(res.hits.hits, page.size);
  const facets = params.facets === false || !res.aggregations ? {} : { facets: facetsOf(res.aggregations) };
  return { total: stories ?? totalOf(res.hits), hits, next, ...facets };
}

function articleHitOf(h: estypes.SearchHit<ArticleDocument>, collapsed: boolean): ArticleHit {
  const src = h._source as Omit<ArticleDocument, 'body'>;
  const inner = h.inner_hits?.tasks?.hits.hits ?? [];
  const hit: ArticleHit = {
    ...src,
    id: h._id!,
    score: h._score ?? null,
    highlights: h.highlight ?? {},
    matchedTasks: inner.map((t) => ({
      ordinal: (t._source as { ordinal?: number } | undefined)?.ordinal ?? src.tasks[t._nested?.offset ?? 0]?.ordinal ?? 0,
      highlights: t.highlight?.['tasks.text'] ?? [],
    })),
  };
  if (!collapsed) return hit;
  const versions = h.inner_hits?.versions?.hits;
  const others = (versions?.hits ?? []).filter((v) => v._id !== h._id);
  hit.otherVersions = Math.max(0, totalOf(versions ?? {}) - 1);
  hit.versions = others.slice(0, 4).map((v) => ({ id: v._id!, ...(v._source as Omit<StoryVersion, 'id'>) }));
  return hit;
}

export interface TaskSearchParams extends Omit<SearchFilters, 'hasTasks' | 'story'> {
  q?: string;
  size?: number;
  from?: number;
  after?: string;
  sort?: SearchSort;
}

export interface TaskHit extends TaskDocument {
  id: string;
  score: number | null;
  highlights: Record<string, string[]>;
}

export async function searchTasks(es: Client, names: IndexNames, params: TaskSearchParams): Promise<SearchPage<TaskHit>> {
  const q = cleanQueryText(params.q ?? '', MAX_QUERY_LENGTH);
  const text = textQuery(q, { exact: ['text^2', 'articleTitle', 'marker'], folded: ['text_folded^2', 'articleTitle_folded'], stemmed: ['text_stemmed^2', 'articleTitle_stemmed'], languageField: 'language' });
  const sort = params.sort ?? 'relevance';
  const res = await es.search<TaskDocument>({
    index: names.tasks,
    ...pageOf(params),
    track_total_hits: true,
    _source: { excludes: MATCH_ONLY_FIELDS },
    query: { bool: { must: text ? [text] : [], filter: filtersFor(params, 'tasks') } },
    sort: sortFor(sort, [{ articleId: 'asc' }, { ordinal: 'asc' }]),
    track_scores: sort === 'relevance',
    highlight: { ...HIGHLIGHT, fields: { text: folded('text', { fragment_size: 200, number_of_fragments: 1 }), articleTitle: folded('articleTitle', { number_of_fragments: 0 }) } },
  });
  const hits = res.hits.hits.map((h) => ({ ...(h._source as TaskDocument), id: h._id!, score: h._score ?? null, highlights: h.highlight ?? {} }));
  return { total: totalOf(res.hits), hits, next: nextCursor(res.hits.hits, pageOf(params).size) };
}

export async function getArticle(es: Client, names: IndexNames, id: string): Promise<(ArticleDocument & { id: string }) | null> {
  try {
    const res = await es.get<ArticleDocument>({ index: names.articles, id, _source_excludes: MATCH_ONLY_FIELDS });
    return res._source ? { ...res._source, id } : null;
  } catch (err) {
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return null;
    throw err;
  }
}

export async function countArticles(es: Client, names: IndexNames, query?: estypes.QueryDslQueryContainer): Promise<number> {
  const res = await es.count({ index: names.articles, ...(query ? { query } : {}) });
  return res.count;
}

function facetAggs(interval: HistogramInterval): Record<string, estypes.AggregationsAggregationContainer> {
  return {
    sources: { terms: { field: 'source', size: 50 } },
    languages: { terms: { field: 'language', size: 20 } },
    published: { date_histogram: { field: 'publishedAt', calendar_interval: interval, min_doc_count: 1, format: interval === 'year' ? 'yyyy' : interval === 'month' ? 'yyyy-MM' : 'yyyy-MM-dd' } },
  };
}

type Buckets = { buckets: { key: string | number; key_as_string?: string; doc_count: number }[] };

function facetsOf(aggs: Record<string, estypes.AggregationsAggregate>): Facets {
  const terms = (name: string) => ((aggs[name] as Buckets | undefined)?.buckets ?? []).map((b) => ({ value: String(b.key), count: b.doc_count }));
  const published = ((aggs.published as Buckets | undefined)?.buckets ?? []).map((b) => ({ date: b.key_as_string ?? String(b.key), count: b.doc_count }));
  return { sources: terms('sources'), languages: terms('languages'), published };
}

function nextCursor(hits: estypes.SearchHit<unknown>[], size: number): string | null {
  return hits.length === size ? encodeCursor(hits[hits.length - 1]?.sort) : null;
}

function totalOf(hits: { total?: number | estypes.SearchTotalHits }): number {
  return typeof hits.total === 'number' ? hits.total : (hits.total?.value ?? 0);
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.trunc(n))) : lo;
}
