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

/**
 * What the index holds, read through the read aliases after a refresh: every document
 * counted, duplicates found by aggregations over the url and over (article, ordinal), not
 * by trusting the ids.
 */
export async function auditIndex(es: Client, names: IndexNames, expectedArticles: number): Promise<IndexAudit> {
  await es.indices.refresh({ index: [names.articles, names.tasks] });
  const size = Math.max(10, expectedArticles * 2);
  const [articles, tasks] = await Promise.all([es.count({ index: names.articles }), es.count({ index: names.tasks })]);
  const byUrl = await es.search({
    index: names.articles,
    size: 0,
    aggs: { urls: { terms: { field: 'finalUrl', size } }, distinct: { cardinality: { field: 'finalUrl', precision_threshold: 40_000 } } },
  });
  const urlBuckets = (byUrl.aggregations!.urls as { buckets: { key: string; doc_count: number }[] }).buckets;
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
  const ids = new Map<string, string>();
  let after: unknown[] | undefined;
  for (let page = 0; page < 1_000; page++) {
    const res = await es.search<{ finalUrl: string }>({ index: names.articles, size: 1_000, _source: ['finalUrl'], sort: [{ finalUrl: 'asc' }, { fetchedAt: 'asc' }], ...(after ? { search_after: after as never } : {}) });
    for (const h of res.hits.hits) ids.set(h._source!.finalUrl, h._id!);
    if (res.hits.hits.length < 1_000) break;
    after = res.hits.hits.at(-1)!.sort as unknown[];
  }
  return {
    articles: articles.count,
    distinctUrls: (byUrl.aggregations!.distinct as { value: number }).value,
    duplicateUrls: urlBuckets.filter((b) => b.doc_count > 1).map((b) => ({ url: b.key, count: b.doc_count })),
    tasks: tasks.count,
    duplicateTasks: taskBuckets.flatMap((b) => b.ordinals.buckets.map((o) => ({ key: `${b.key}#${o.key}`, count: o.doc_count }))),
    tasksPerArticle: new Map(taskBuckets.map((b) => [b.key, b.doc_count])),
    articleIds: ids,
  };
}
