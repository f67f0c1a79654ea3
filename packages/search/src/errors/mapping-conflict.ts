/** An index an older version made has a mapping this code cannot extend: `ingest reindex` rebuilds it. */
export class MappingConflictError extends Error {
  override readonly name = 'MappingConflictError';
  constructor(
    readonly index: string,
    reason: string,
  ) {
    super(`the mapping of ${index} conflicts with this version of the code (${reason}): run \`ingest reindex\``);
  }
}
