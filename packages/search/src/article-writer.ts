import type { Client, estypes } from '@elastic/elasticsearch';
import { articleIdFor, storedDocuments, taskIdFor, type ArticleDocument, type StoredArticle, type StoredTask } from './documents';
import { IndexingError } from './errors/indexing-error';
import type { IndexNames } from './index-names';
import { sendBulk } from './ndjson';

export interface WriteResult {
  articleId: string;
  result: 'created' | 'updated' | 'noop';
}

export type Refresh = boolean | 'wait_for';

/** Documents one article turns into (the article and one per task). */
export function documentCount(doc: ArticleDocument): number {
  return 1 + doc.tasks.length;
}

/**
 * Writes articles and their tasks in one bulk request; one outcome per article, in order
 * (a WriteResult or an IndexingError, never a throw for a single refused document).
 *
 * Every operation is versioned by the fetch time with `external_gte`: re-processing the
 * same fetch rewrites it harmlessly, while a stale fetch arriving late gets a 409 and
 * becomes a `noop` instead of overwriting newer content. Tasks that a previous version had
 * beyond the new count are deleted with the same version, so a stale write cannot delete
 * a newer version's tasks either.
 */
export async function writeArticles(es: Client, names: IndexNames, docs: ArticleDocument[], opts: { refresh?: Refresh } = {}): Promise<(WriteResult | IndexingError)[]> {
  if (!docs.length) return [];
  const plans = docs.map(planOf);
  let stale: Map<number, string[]>;
  try {
    stale = await staleTaskIds(es, names, plans);
  } catch (err) {
    return plans.map((p) => new IndexingError(p.articleId, true, (err as Error).message));
  }
  const { operations, owner } = bulkOperations(names, plans, stale);
  let res: estypes.BulkResponse;
  try {
    res = await sendBulk(es, operations, { refresh: opts.refresh ?? false });
  } catch (err) {
    // The whole request failed (cluster unreachable, timeout): every article may retry.
    return plans.map((p) => new IndexingError(p.articleId, true, (err as Error).message));
  }
  const outcomes = outcomesOf(res.items, owner, plans);
  await undoStaleTasks(es, names, plans, outcomes, opts.refresh ?? false);
  return outcomes;
}

/** What one article's write consists of: its id, its version (the fetch time) and its documents. */
interface WritePlan {
  articleId: string;
  version: number;
  article: StoredArticle;
  tasks: StoredTask[];
}

function planOf(doc: ArticleDocument): WritePlan {
  const articleId = articleIdFor(doc.finalUrl);
  const stored = storedDocuments(articleId, doc);
  return { articleId, version: Date.parse(doc.fetchedAt), article: stored.article, tasks: stored.tasks };
}

/**
 * The bulk request of all plans: per article its document, its tasks, then deletes of the
 * stale tasks; `owner[k]` is the plan the k-th operation belongs to (its first is the article).
 */
function bulkOperations(names: IndexNames, plans: WritePlan[], stale: Map<number, string[]>): { operations: unknown[]; owner: number[] } {
  const operations: unknown[] = [];
  const owner: number[] = [];
  plans.forEach((p, i) => {
    const version = p.version;
    operations.push({ index: { _index: names.articlesWrite, _id: p.articleId, version, version_type: 'external_gte' } }, p.article);
    owner.push(i);
    for (const t of p.tasks) {
      operations.push({ index: { _index: names.tasksWrite, _id: taskIdFor(p.articleId, t.ordinal), version, version_type: 'external_gte' } }, t);
      owner.push(i);
    }
    for (const id of stale.get(i) ?? []) {
      operations.push({ delete: { _index: names.tasksWrite, _id: id, version, version_type: 'external_gte' } });
      owner.push(i);
    }
  });
  return { operations, owner };
}

/** One outcome per plan from the bulk response's items (in the order of `bulkOperations`). */
function outcomesOf(items: estypes.BulkResponse['items'], owner: number[], plans: WritePlan[]): (WriteResult | IndexingError)[] {
  const outcomes: (WriteResult | IndexingError)[] = plans.map((p) => ({ articleId: p.articleId, result: 'updated' }));
  let itemIndex = 0;
  for (const item of items) {
    const i = owner[itemIndex]!;
    const isArticle = itemIndex === 0 || owner[itemIndex - 1] !== i;
    itemIndex++;
    const op = (item.index ?? item.delete)!;
    const current = outcomes[i]!;
    if (isArticle) {
      if (op.status === 409) outcomes[i] = { articleId: plans[i]!.articleId, result: 'noop' };
      else if (!op.error) outcomes[i] = { articleId: plans[i]!.articleId, result: op.result === 'created' ? 'created' : 'updated' };
    }
    if (!op.error || op.status === 409 || (item.delete && op.status === 404)) continue;
    // The first refusal names the reason; a permanent one wins over a retryable one.
    const retryable = isRetryable(op.status, op.error.type);
    if (current instanceof IndexingError && !current.retryable) continue;
    if (current instanceof IndexingError && retryable) continue;
    const what = isArticle ? 'article' : `task document ${op._id}`;
    outcomes[i] = new IndexingError(plans[i]!.articleId, retryable, `${what}: HTTP ${op.status} ${op.error.type}: ${op.error.reason ?? ''}`.trim());
  }
  return outcomes;
}

/**
 * A stale article (409) cannot stop the task documents beside it in the same bulk request
 * from being created where the newer version has no task of that ordinal. Delete exactly
 * those: with the stale version and `external_gte`, a newer version's task answers 409 and
 * stays. Rare (a late fetch), so it costs a second request only then.
 */
async function undoStaleTasks(es: Client, names: IndexNames, plans: { articleId: string; version: number; tasks: { ordinal: number }[] }[], outcomes: (WriteResult | IndexingError)[], refresh: Refresh): Promise<void> {
  const operations = plans.flatMap((p, i) => {
    const o = outcomes[i];
    if (o instanceof IndexingError || o?.result !== 'noop') return [];
    return p.tasks.map((t) => ({ delete: { _index: names.tasksWrite, _id: taskIdFor(p.articleId, t.ordinal), version: p.version, version_type: 'external_gte' as const } }));
  });
  if (!operations.length) return;
  try {
    await sendBulk(es, operations, { refresh });
  } catch (err) {
    plans.forEach((p, i) => {
      if (!(outcomes[i] instanceof IndexingError) && outcomes[i]?.result === 'noop') outcomes[i] = new IndexingError(p.articleId, true, `removing tasks of a stale version: ${(err as Error).message}`);
    });
  }
}

/** One article, one bulk request; throws the IndexingError when it was refused. */
export async function writeArticle(es: Client, names: IndexNames, doc: ArticleDocument, opts: { refresh?: Refresh } = {}): Promise<WriteResult> {
  const [outcome] = await writeArticles(es, names, [doc], opts);
  if (outcome instanceof IndexingError) throw outcome;
  return outcome!;
}

/** 429, 5xx and a block set during a reindex pass with time; everything else is the document's fault. */
export function isRetryable(status: number, type?: string): boolean {
  if (status === 429 || status >= 500) return true;
  return type === 'cluster_block_exception' || type === 'es_rejected_execution_exception' || type === 'unavailable_shards_exception';
}

/**
 * Task documents beyond each article's new task count: ordinals are 1…taskCount, so the
 * previous version's count (one realtime multi-get for the whole batch, much cheaper than
 * a search) says which to delete. During a reindex an article may still be only in the
 * old index, so both the read and the write index are asked.
 */
async function staleTaskIds(es: Client, names: IndexNames, plans: { articleId: string; tasks: unknown[] }[]): Promise<Map<number, string[]>> {
  const ids = [...new Set(plans.map((p) => p.articleId))];
  const docs = [names.articles, names.articlesWrite].flatMap((index) => ids.map((_id) => ({ _index: index, _id })));
  // An alias is resolved per document; both aliases on one index is the usual case.
  const res = await es.mget<{ taskCount?: number }>({ docs, _source: ['taskCount'], realtime: false });
  const previous = new Map<string, number>();
  for (const d of res.docs) {
    if (!('found' in d) || !d.found) continue;
    const n = d._source?.taskCount ?? 0;
    previous.set(d._id, Math.max(previous.get(d._id) ?? 0, n));
  }
  const out = new Map<number, string[]>();
  plans.forEach((p, i) => {
    const before = previous.get(p.articleId) ?? 0;
    const stale: string[] = [];
    for (let o = p.tasks.length + 1; o <= before; o++) stale.push(taskIdFor(p.articleId, o));
    if (stale.length) out.set(i, stale);
  });
  return out;
}
