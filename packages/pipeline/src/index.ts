export { discoverStage, type DiscoverStageDeps, type DiscoverLimits } from './stages/discover-stage';
export { fetchStage, type FetchStageDeps } from './stages/fetch-stage';
export { parseStage, type ParseStageDeps } from './stages/parse-stage';
export { indexStage, type IndexStageDeps } from './stages/index-stage';
