/**
 * Names of what this deployment owns in Elasticsearch. Readers and writers always go
 * through the aliases; the versioned index behind an alias can be rebuilt and swapped.
 */
export interface IndexNames {
  articles: string;
  tasks: string;
}

export const MAPPING_VERSION = 1;

export function indexNames(prefix: string): IndexNames {
  return { articles: `${prefix}-articles`, tasks: `${prefix}-tasks` };
}

export function versionedIndex(alias: string, version = MAPPING_VERSION): string {
  return `${alias}-v${version}`;
}
