import type { Client } from '@elastic/elasticsearch';
import { articleIdFor, taskIdFor, toTaskDocuments, type ArticleDocument } from './documents';
import type { IndexNames } from './index-names';

export interface WriteResult {
  articleId: string;
  result: 'created' | 'updated' | 'noop';
}

/**
 * Writes one article and its tasks. The document version is the fetch time, with
 * `external_gte`: re-processing the same fetch rewrites it harmlessly, while a stale
 * fetch arriving late is refused instead of overwriting newer content.
 */
export async function writeArticle(es: Client, names: IndexNames, doc: ArticleDocument, opts: { refresh?: boolean } = {}): Promise<WriteResult> {
  const articleId = articleIdFor(doc.finalUrl);
  const version = Date.parse(doc.fetchedAt);
  const tasks = toTaskDocuments(articleId, doc);
  const operations: unknown[] = [
    { index: { _index: names.articles, _id: articleId, version, version_type: 'external_gte' } },
    doc,
  ];
  for (const t of tasks) {
    operations.push({ index: { _index: names.tasks, _id: taskIdFor(articleId, t.ordinal), version, version_type: 'external_gte' } }, t);
  }
  // Tasks that a previous version had beyond the new count would otherwise linger.
  const stale = await staleTaskIds(es, names, articleId, tasks.length);
  for (const id of stale) operations.push({ delete: { _index: names.tasks, _id: id } });

  const res = await es.bulk({ operations, refresh: opts.refresh ? 'wait_for' : false });
  const [first, ...rest] = res.items;
  const head = first?.index;
  if (head?.status === 409) return { articleId, result: 'noop' };
  if (head?.error) throw new Error(`indexing article ${articleId} failed: ${head.error.type}: ${head.error.reason ?? ''}`);
  const bad = rest.find((i) => {
    const op = i.index ?? i.delete;
    return op?.error && op.status !== 409 && op.status !== 404;
  });
  if (bad) {
    const op = (bad.index ?? bad.delete)!;
    throw new Error(`indexing tasks of ${articleId} failed: ${op.error?.type}: ${op.error?.reason ?? ''}`);
  }
  return { articleId, result: head?.result === 'created' ? 'created' : 'updated' };
}

async function staleTaskIds(es: Client, names: IndexNames, articleId: string, keep: number): Promise<string[]> {
  const res = await es.search({
    index: names.tasks,
    size: 1000,
    _source: false,
    query: { bool: { filter: [{ term: { articleId } }, { range: { ordinal: { gt: keep } } }] } },
  });
  return res.hits.hits.map((h) => h._id!).filter(Boolean);
}
