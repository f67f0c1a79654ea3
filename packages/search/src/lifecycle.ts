import type { Client, estypes } from '@elastic/elasticsearch';
import { articleMapping, DOCUMENT_SCHEMA_VERSION, indexSettings, taskMapping } from './mappings';
import { indexNames, versionedIndex, type IndexNames } from './index-names';
import { storedArticle, storedTask, type ArticleDocument, type TaskDocument } from './documents';
import { MappingConflictError } from './errors/mapping-conflict';

export interface IndexKind {
  /** Read alias. */
  read: string;
  write: string;
  mappings: estypes.MappingTypeMapping;
  /** A stored document as the current code would store it (recomputes the folded and stemmed copies); `id` is its document id. */
  rebuild(source: unknown, id: string): object;
}

export function indexKinds(names: IndexNames): IndexKind[] {
  return [
    { read: names.articles, write: names.articlesWrite, mappings: articleMapping, rebuild: (s, id) => storedArticle(s as ArticleDocument, id) },
    { read: names.tasks, write: names.tasksWrite, mappings: taskMapping, rebuild: (s) => storedTask(s as TaskDocument) },
  ];
}

/**
 * Creates the versioned indices and their read and write aliases when missing, and adds
 * fields the code's mapping gained to an existing index (additive changes only; anything
 * else needs `ingest reindex`). Safe to call from every process at start-up: a concurrent
 * creator's "already exists" is not an error.
 */
export async function ensureIndices(es: Client, prefix: string): Promise<IndexNames> {
  const names = indexNames(prefix);
  for (const kind of indexKinds(names)) await ensureOne(es, kind);
  return names;
}

async function ensureOne(es: Client, kind: IndexKind): Promise<void> {
  const [hasRead, hasWrite] = await Promise.all([es.indices.existsAlias({ name: kind.read }), es.indices.existsAlias({ name: kind.write })]);
  if (!hasRead && !hasWrite) {
    const index = versionedIndex(kind.read);
    try {
      await es.indices.create({ index, settings: indexSettings, mappings: kind.mappings, aliases: { [kind.read]: {}, [kind.write]: { is_write_index: true } } });
      return;
    } catch (err) {
      if (errorType(err) !== 'resource_already_exists_exception') throw err;
    }
  }
  // An index made before the write alias existed: give it one.
  if (!hasWrite) {
    const read = await aliasTargets(es, kind.read);
    if (read[0]) await es.indices.updateAliases({ actions: [{ add: { index: read[0], alias: kind.write, is_write_index: true } }] });
  }
  const write = await aliasTargets(es, kind.write);
  if (!write[0]) return;
  await refuseOlderDocuments(es, write[0]);
  try {
    await es.indices.putMapping({ index: write[0], ...kind.mappings });
  } catch (err) {
    throw new MappingConflictError(write[0], errorReason(err));
  }
  await ensureReplicas(es, write[0]);
}

/**
 * An index made before replicas followed the cluster's size (fixed at 0 replicas) gets
 * `auto_expand_replicas: 0-1` like a new one, so moving to a cluster protects it too; a
 * replica setting someone chose is left alone.
 */
async function ensureReplicas(es: Client, index: string): Promise<void> {
  const res = await es.indices.getSettings({ index, flat_settings: true });
  const settings = (Object.values(res)[0]?.settings ?? {}) as Record<string, unknown>;
  if (settings['index.number_of_replicas'] !== '0' || settings['index.auto_expand_replicas'] !== undefined) return;
  await es.indices.putSettings({ index, settings: { 'index.auto_expand_replicas': indexSettings.auto_expand_replicas } });
}

/**
 * An index whose documents are of an older shape (`_meta.schema`, none before issue 18)
 * cannot be extended by adding fields alone: its documents lack the stems and the story
 * the queries rely on. Checked before putMapping, which would overwrite `_meta`.
 */
async function refuseOlderDocuments(es: Client, index: string): Promise<void> {
  const res = await es.indices.getMapping({ index });
  const schema = Number((Object.values(res)[0]?.mappings._meta as { schema?: unknown } | undefined)?.schema ?? 1);
  if (schema < DOCUMENT_SCHEMA_VERSION) {
    throw new MappingConflictError(index, `its documents are of schema ${schema}, this code writes schema ${DOCUMENT_SCHEMA_VERSION} (word stems and near-duplicate stories)`);
  }
}

/** Concrete indices behind an alias ([] when the alias does not exist). */
export async function aliasTargets(es: Client, alias: string): Promise<string[]> {
  try {
    return Object.keys(await es.indices.getAlias({ name: alias })).sort();
  } catch (err) {
    if ((err as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return [];
    throw err;
  }
}

/** Removes every index behind this prefix (tests and `ingest reset`). */
export async function deleteIndices(es: Client, prefix: string): Promise<void> {
  // Concrete names: clusters commonly refuse wildcard deletes (action.destructive_requires_name).
  const found = await es.indices.get({ index: `${prefix}-*`, allow_no_indices: true, ignore_unavailable: true });
  const indices = Object.keys(found);
  if (indices.length) await es.indices.delete({ index: indices, ignore_unavailable: true });
}

function errorType(err: unknown): string | undefined {
  return (err as { body?: { error?: { type?: string } } }).body?.error?.type ?? (err as { meta?: { body?: { error?: { type?: string } } } }).meta?.body?.error?.type;
}

function errorReason(err: unknown): string {
  const e = (err as { meta?: { body?: { error?: { reason?: string } } } }).meta?.body?.error;
  return e?.reason ?? (err as Error).message;
}
