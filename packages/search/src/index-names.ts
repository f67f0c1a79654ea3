/**
 * Names of what this deployment owns in Elasticsearch. Readers go through the read
 * aliases, writers through the write aliases; the versioned index behind them
 * (`<alias>-v<N>`) can be rebuilt and swapped by `ingest reindex` (see reindex.ts).
 * Outside a reindex both aliases of a kind point at the same index.
 */
export interface IndexNames {
  /** Read alias of the articles. */
  articles: string;
  /** Read alias of the tasks. */
  tasks: string;
  articlesWrite: string;
  tasksWrite: string;
}

export const MAPPING_VERSION = 1;

export function indexNames(prefix: string): IndexNames {
  return {
    articles: `${prefix}-articles`,
    tasks: `${prefix}-tasks`,
    articlesWrite: `${prefix}-articles-write`,
    tasksWrite: `${prefix}-tasks-write`,
  };
}

export function versionedIndex(alias: string, version = MAPPING_VERSION): string {
  return `${alias}-v${version}`;
}

/** The version number of a versioned index name, or null when it is not one of ours. */
export function versionOf(alias: string, index: string): number | null {
  if (!index.startsWith(`${alias}-v`)) return null;
  const n = Number(index.slice(alias.length + 2));
  return Number.isInteger(n) && n > 0 ? n : null;
}
