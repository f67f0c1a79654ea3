import type { Client, estypes } from '@elastic/elasticsearch';
import { aliasTargets, ensureIndices, indexKinds, type IndexKind } from './lifecycle';
import { indexSettings } from './mappings';
import { indexNames, versionOf } from './index-names';
import { sendBulk } from './ndjson';

export interface ReindexProgress {
  alias: string;
  from: string;
  to: string;
  copied: number;
  /** Documents the new index already had in a newer version (written during the copy). */
  newerKept: number;
}

export interface ReindexReport extends ReindexProgress {
  resumed: boolean;
  ms: number;
}

export interface ReindexOptions {
  /** Documents per page of the copy. */
  pageSize?: number;
  /** Keep the old index instead of deleting it once the read alias moved. */
  keepOld?: boolean;
  /** Called after every page; awaited. */
  onProgress?: (p: ReindexProgress) => void | Promise<void>;
}

/**
 * Rebuilds every index of this prefix into a new version with the code's current mappings
 * (Elasticsearch's own _reindex is a module the native distribution lacks, so the copy is
 * done here), with no downtime and no lost write:
 * 1. create `<alias>-v<N+1>` and move the write alias to it: from now on writers go there;
 * 2. put a write block on the old index, which waits for writes already in flight to land;
 * 3. copy the old index through a point in time with search_after, each document with its
 *    own version and `external_gte`: a newer version written meanwhile is not overwritten;
 * 4. move the read alias in one atomic `_aliases` call, then delete the old index.
 * Readers see the old index until step 4. The state lives in the aliases: when the write
 * and read aliases point at different indices (an interrupted run), this resumes the copy.
 */
export async function reindex(es: Client, prefix: string, opts: ReindexOptions = {}): Promise<ReindexReport[]> {
  const names = await ensureIndices(es, prefix).catch(async (err) => {
    // An incompatible mapping is precisely what a reindex fixes.
    if (/run `ingest reindex`/.test((err as Error).message)) return indexNames(prefix);
    throw err;
  });
  const reports: ReindexReport[] = [];
  for (const kind of indexKinds(names)) reports.push(await reindexOne(es, kind, opts));
  return reports;
}

async function reindexOne(es: Client, kind: IndexKind, opts: ReindexOptions): Promise<ReindexReport> {
  const started = Date.now();
  const { from, to, resumed } = await moveWriteAlias(es, kind);
  // Waits for in-flight writes to the old index; any later one is refused (retryable) and
  // its retry goes through the alias to the new index.
  await es.indices.addBlock({ index: from, block: 'write' });
  await es.indices.refresh({ index: from });
  const progress = await copyDocuments(es, kind, from, to, opts);
  await es.indices.refresh({ index: to });
  await es.indices.updateAliases({ actions: [{ remove: { index: from, alias: kind.read } }, { add: { index: to, alias: kind.read } }] });
  if (!opts.keepOld) await es.indices.delete({ index: from });
  return { ...progress, resumed, ms: Date.now() - started };
}

/**
 * Step 1: the index readers still use (`from`) and the new one writers now use (`to`),
 * created unless an interrupted run left the two aliases apart already (`resumed`).
 */
async function moveWriteAlias(es: Client, kind: IndexKind): Promise<{ from: string; to: string; resumed: boolean }> {
  const [read, written] = await Promise.all([aliasTargets(es, kind.read), aliasTargets(es, kind.write)]);
  let write = written;
  if (read.length === 1 && write.length === 0) {
    // Left by an older version, which read and wrote through one alias: the write alias
    // starts on the same index, and the upgrade proceeds as a plain reindex.
    await es.indices.updateAliases({ actions: [{ add: { index: read[0]!, alias: kind.write, is_write_index: true } }] });
    write = read;
  }
  if (read.length !== 1 || write.length !== 1) throw new Error(`expected ${kind.read} and ${kind.write} to point at one index each, found [${read.join(', ')}] and [${write.join(', ')}]`);
  const from = read[0]!;
  const to = write[0]!;
  if (from !== to) return { from, to, resumed: true };
  const next = await nextIndexName(es, kind.read);
  await es.indices.create({ index: next, settings: indexSettings, mappings: kind.mappings });
  await es.indices.updateAliases({
    actions: [{ remove: { index: from, alias: kind.write } }, { add: { index: next, alias: kind.write, is_write_index: true } }],
  });
  return { from, to: next, resumed: false };
}

/** Step 3: every document of `from` into `to`, page by page through a point in time. */
async function copyDocuments(es: Client, kind: IndexKind, from: string, to: string, opts: ReindexOptions): Promise<ReindexProgress> {
  const progress: ReindexProgress = { alias: kind.read, from, to, copied: 0, newerKept: 0 };
  const pageSize = opts.pageSize ?? 1000;
  let pit = (await es.openPointInTime({ index: from, keep_alive: '5m' })).id;
  try {
    let after: estypes.SortResults | undefined;
    for (;;) {
      const page: estypes.SearchResponse = await es.search({
        pit: { id: pit, keep_alive: '5m' },
        size: pageSize,
        sort: [{ _shard_doc: 'asc' }],
        version: true,
        track_total_hits: false,
        ...(after ? { search_after: after } : {}),
      });
      pit = page.pit_id ?? pit;
      const hits = page.hits.hits;
      if (!hits.length) break;
      await copyPage(es, kind, hits, to, progress);
      await opts.onProgress?.({ ...progress });
      after = hits[hits.length - 1]!.sort;
    }
  } finally {
    await es.closePointInTime({ id: pit }).catch(() => undefined);
  }
  return progress;
}

/** One page of the copy, each document with its own version: a newer one already in `to` stays. */
async function copyPage(es: Client, kind: IndexKind, hits: estypes.SearchHit[], to: string, progress: ReindexProgress): Promise<void> {
  const operations = hits.flatMap((h) => [{ index: { _index: to, _id: h._id!, version: h._version!, version_type: 'external_gte' as const } }, kind.rebuild(h._source, h._id!)]);
  const res = await sendBulk(es, operations);
  for (const item of res.items) {
    const op = item.index!;
    if (op.status === 409) progress.newerKept++;
    else if (op.error) throw new Error(`copying ${op._id} into ${to} failed: ${op.error.type}: ${op.error.reason ?? ''} (run the reindex again to resume)`);
    else progress.copied++;
  }
}

async function nextIndexName(es: Client, alias: string): Promise<string> {
  const existing = Object.keys(await es.indices.get({ index: `${alias}-v*`, allow_no_indices: true, ignore_unavailable: true }));
  const max = Math.max(0, ...existing.map((i) => versionOf(alias, i) ?? 0));
  return `${alias}-v${max + 1}`;
}
