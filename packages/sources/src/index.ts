export { SourceSchema, sourceJsonSchema, parseSource, parseDuration, matchesPatterns, InvalidSourceError, type Source, type SourceInput } from './source';
export { SourceStore } from './source-store';
export { SourceScheduler, schedulerId } from './source-scheduler';
export { SourceRegistry, DEFAULT_RUN_SETTINGS, type SourceView, type RunSettings } from './source-registry';
export { RunLedger, type PageEnd, type DiscoveryCounts, type RunLedgerOptions } from './run-ledger';
export { runRecordOf, total, type RunRecord, type RunStatus, type RunTrigger } from './run-record';
export { healthOf, type HealthWord, type HealthThresholds, type SourceHealth } from './source-health';
export { loadSourcesFile, parseSourcesText } from './source-file';
export { SourceCache } from './source-cache';
