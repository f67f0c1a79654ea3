import type { Client, IndexNames } from '@ingest/search';

export interface IndexAudit {
  articles: number;
  /** Distinct finalUrl values among the articles. */
  distinctUrls: number;
  /** finalUrls held by more than one article document, with their counts. */
  duplicateUrls: { url: string; count: number }[];
  tasks: number;
  /** (articleId, ordinal) pairs held by more than one task document. */
  duplicateTasks: { key: string; count: number }[];
  /** Task counts per article id, read from the task index. */
  tasksPerArticle: Map<string, number>;
  /** finalUrl → article id. */
  articleIds: Map<string, string>;
}

/** Every article document, id and `finalUrl` (after a refresh; scrolled, so any N works). */
export async function indexedDocs(es: Client, names: IndexNames): Promise<{ id: string; finalUrl: string }[]> {
  await es.indices.refresh({ index: names.articles });
  const docs: { id: string; finalUrl: string }[] = [];
  let res = await es.search<{ finalUrl: string }>({ index: names.articles, size: 1000, scroll: '1m', _source: ['finalUrl'], sort: ['_doc'] });
  for (let pages = 0; pages < 10_000 && res.hits.hits.length; pages++) {
    docs.push(...res.hits.hits.map((h) => ({ id: h._id!, finalUrl: h._source!.finalUrl })));
    res = await es.scroll<{ finalUrl: string }>({ scroll_id: res._scroll_id!, scroll: '1m' });
  }
  if (res._scroll_id) await es.clearScroll({ scroll_id: res._scroll_id }).catch(() => {});
  return docs;
}

/** Every article document's `finalUrl`. */
export async function indexedUrls(es: Client, names: IndexNames): Promise<string[]> {
  return (await indexedDocs(es, names)).map((d) => d.finalUrl);
}

/** How many times each value occurs. */
function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Urls that occur more than once. */
export function duplicates(urls: string[]): string[] {
  return [...tally(urls)].filter(([, n]) => n > 1).map(([u]) => u);
}

/**
 * What the index holds, read through the read aliases after a refresh: every article
 * document read (duplicates found over the url, not by trusting the ids), and duplicate
 * tasks found by an aggregation over (article, ordinal).
 */
export async function auditIndex(es: Client, names: IndexNames, expectedArticles: number): Promise<IndexAudit> {
  await es.indices.refresh({ index: [names.articles, names.tasks] });
  const size = Math.max(10, expectedArticles * 2);
  const docs = await indexedDocs(es, names);
  const tasks = await es.count({ index: names.tasks });
  const byUrl = tally(docs.map((d) => d.finalUrl));
  const byTask = await es.search({
    index: names.tasks,
    size: 0,
    aggs: {
      perArticle: {
        terms: { field: 'articleId', size },
        aggs: { ordinals: { terms: { field: 'ordinal', size: 100, min_doc_count: 2 } } },
      },
    },
  });
  const taskBuckets = (byTask.aggregations!.perArticle as { buckets: { key: string; doc_count: number; ordinals: { buckets: { key: number; doc_count: number }[] } }[] }).buckets;
  return {
    articles: docs.length,
    distinctUrls: byUrl.size,
    duplicateUrls: [...byUrl].filter(([, count]) => count > 1).map(([url, count]) => ({ url, count })),
    tasks: tasks.count,
    duplicateTasks: taskBuckets.flatMap((b) => b.ordinals.buckets.map((o) => ({ key: `${b.key}#${o.key}`, count: o.doc_count }))),
    tasksPerArticle: new Map(taskBuckets.map((b) => [b.key, b.doc_count])),
    articleIds: new Map(docs.map((d) => [d.finalUrl, d.id])),
  };
}
