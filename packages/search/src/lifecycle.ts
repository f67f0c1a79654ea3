import type { Client } from '@elastic/elasticsearch';
import { articleMapping, indexSettings, taskMapping } from './mappings';
import { indexNames, versionedIndex, type IndexNames } from './index-names';

/**
 * Creates the versioned indices and their aliases when missing. Safe to call from every
 * process at start-up: a concurrent creator's "already exists" is not an error.
 */
export async function ensureIndices(es: Client, prefix: string): Promise<IndexNames> {
  const names = indexNames(prefix);
  await ensureOne(es, names.articles, articleMapping);
  await ensureOne(es, names.tasks, taskMapping);
  return names;
}

async function ensureOne(es: Client, alias: string, mappings: typeof articleMapping): Promise<void> {
  if (await es.indices.existsAlias({ name: alias })) return;
  const index = versionedIndex(alias);
  try {
    await es.indices.create({ index, settings: indexSettings, mappings, aliases: { [alias]: { is_write_index: true } } });
  } catch (err) {
    const type = (err as { body?: { error?: { type?: string } } }).body?.error?.type;
    if (type !== 'resource_already_exists_exception') throw err;
    if (!(await es.indices.existsAlias({ name: alias }))) await es.indices.putAlias({ index, name: alias });
  }
}

/** Removes every index behind this prefix (tests and `ingest reset`). */
export async function deleteIndices(es: Client, prefix: string): Promise<void> {
  // Concrete names: clusters commonly refuse wildcard deletes (action.destructive_requires_name).
  const found = await es.indices.get({ index: `${prefix}-*`, allow_no_indices: true, ignore_unavailable: true });
  const indices = Object.keys(found);
  if (indices.length) await es.indices.delete({ index: indices, ignore_unavailable: true });
}
