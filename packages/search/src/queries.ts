import type { Client, estypes } from '@elastic/elasticsearch';
import type { ArticleDocument, TaskDocument } from './documents';
import type { IndexNames } from './index-names';

export interface ArticleSearchParams {
  q: string;
  size?: number;
  from?: number;
}

export interface ArticleHit extends Omit<ArticleDocument, 'body'> {
  id: string;
  score: number | null;
  highlights: Record<string, string[]>;
}

export interface SearchPage<T> {
  total: number;
  hits: T[];
}

const MAX_QUERY_LENGTH = 1_000;

/**
 * simple_query_string never throws on user syntax (unbalanced quotes, stray operators),
 * which makes it safe to pass whatever a person types into the search box.
 */
function textQuery(q: string, fields: string[]): estypes.QueryDslQueryContainer {
  const trimmed = q.trim().slice(0, MAX_QUERY_LENGTH);
  if (!trimmed) return { match_all: {} };
  return { simple_query_string: { query: trimmed, fields, default_operator: 'and', lenient: true } };
}

export async function searchArticles(es: Client, names: IndexNames, params: ArticleSearchParams): Promise<SearchPage<ArticleHit>> {
  const res = await es.search<ArticleDocument>({
    index: names.articles,
    size: clamp(params.size ?? 10, 1, 100),
    from: clamp(params.from ?? 0, 0, 10_000),
    track_total_hits: true,
    _source: { excludes: ['body'] },
    query: {
      bool: {
        should: [
          textQuery(params.q, ['title^3', 'lead^2', 'body', 'authors', 'taskHeading']),
          { nested: { path: 'tasks', query: textQuery(params.q, ['tasks.text']), score_mode: 'max' } },
        ],
        minimum_should_match: 1,
      },
    },
    highlight: { fields: { title: {}, lead: {}, body: { fragment_size: 160, number_of_fragments: 2 } }, pre_tags: ['<mark>'], post_tags: ['</mark>'] },
  });
  return { total: totalOf(res.hits), hits: res.hits.hits.map((h) => ({ ...(h._source as Omit<ArticleDocument, 'body'>), id: h._id!, score: h._score ?? null, highlights: h.highlight ?? {} })) };
}

export interface TaskHit extends TaskDocument {
  id: string;
  score: number | null;
}

export async function searchTasks(es: Client, names: IndexNames, params: ArticleSearchParams): Promise<SearchPage<TaskHit>> {
  const res = await es.search<TaskDocument>({
    index: names.tasks,
    size: clamp(params.size ?? 10, 1, 100),
    from: clamp(params.from ?? 0, 0, 10_000),
    track_total_hits: true,
    query: textQuery(params.q, ['text^2', 'articleTitle', 'marker']),
  });
  return { total: totalOf(res.hits), hits: res.hits.hits.map((h) => ({ ...(h._source as TaskDocument), id: h._id!, score: h._score ?? null })) };
}

export async function getArticle(es: Client, names: IndexNames, id: string): Promise<(ArticleDocument & { id: string }) | null> {
  try {
    const res = await es.get<ArticleDocument>({ index: names.articles, id });
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

function totalOf(hits: { total?: number | estypes.SearchTotalHits }): number {
  return typeof hits.total === 'number' ? hits.total : (hits.total?.value ?? 0);
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.trunc(n))) : lo;
}
