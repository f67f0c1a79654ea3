export { discoverStage, type DiscoverStageDeps, type DiscoverLimits } from './stages/discover-stage';
export { fetchStage, type FetchStageDeps } from './stages/fetch-stage';
export { parseStage, extractInline, type ExtractFn, type ParseStageDeps } from './stages/parse-stage';
export { createExtractPool, type ExtractPool, type ExtractPoolOptions } from './extraction/extract-pool';
export { indexStage, type IndexStageDeps } from './stages/index-stage';
export { countRunPages, failureReason } from './runs/run-counting';
