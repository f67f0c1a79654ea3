export { SourceSchema, sourceJsonSchema, parseSource, parseDuration, matchesPatterns, InvalidSourceError, type Source, type SourceInput } from './source';
export { SourceStore } from './source-store';
export { SourceScheduler, schedulerId } from './source-scheduler';
export { SourceRegistry, type SourceView } from './source-registry';
export { loadSourcesFile, parseSourcesText } from './source-file';
export { SourceCache } from './source-cache';
