export { createSearchClient, type Client } from './client';
export type { estypes } from '@elastic/elasticsearch';
export { indexNames, versionedIndex, versionOf, MAPPING_VERSION, type IndexNames } from './index-names';
export { ensureIndices, deleteIndices, aliasTargets, indexKinds, type IndexKind } from './lifecycle';
export { articleMapping, taskMapping, FOLDED_FIELDS, MATCH_ONLY_FIELDS, DOCUMENT_SCHEMA_VERSION } from './mappings';
export { foldText, cleanQueryText } from './fold';
export {
  articleIdFor,
  taskIdFor,
  toArticleDocument,
  toTaskDocuments,
  storedArticle,
  storedTask,
  storedDocuments,
  type ArticleDocument,
  type TaskDocument,
  type StoredArticle,
  type StoredTask,
  type PageVisit,
} from './documents';
export { writeArticle, writeArticles, isRetryable, documentCount, type WriteResult, type Refresh } from './article-writer';
export { ArticleBatcher, type ArticleBatcherOptions } from './article-batcher';
export { IndexingError } from './errors/indexing-error';
export { searchArticles, searchTasks, getArticle, countArticles, type ArticleHit, type TaskHit, type SearchPage, type ArticleSearchParams, type StoryVersion } from './queries';
export { encodeCursor, decodeCursor, MAX_QUERY_LENGTH, type TaskSearchParams, type SearchFilters, type SearchSort, type Facets, type FacetBucket, type MatchedTask, type HistogramInterval } from './queries';
export { BadSearchRequest } from './errors/bad-search-request';
export { reindex, type ReindexOptions, type ReindexProgress, type ReindexReport } from './reindex';
export { elasticsearchChecks } from './readiness';
export { MappingConflictError } from './errors/mapping-conflict';
export { stemText, stemQuery, stemWord, stemLanguageOf, STEM_LANGUAGES, type StemLanguage } from './stem';
export { textQuery, STEM_BOOST, PHRASE_BOOST, type TextFields } from './text-query';
export { minHashSignature, estimatedJaccard, isNearDuplicate, bandKeys, NEAR_DUPLICATE_JACCARD, type MinHashSignature } from './stories/minhash';
export { StoryRegistry, STORY_WINDOW_MS, type StoryRegistryOptions } from './stories/story-registry';
