export { createSearchClient, type Client } from './client';
export { indexNames, versionedIndex, MAPPING_VERSION, type IndexNames } from './index-names';
export { ensureIndices, deleteIndices } from './lifecycle';
export { articleMapping, taskMapping } from './mappings';
export { articleIdFor, taskIdFor, toArticleDocument, toTaskDocuments, type ArticleDocument, type TaskDocument, type PageVisit } from './documents';
export { writeArticle, type WriteResult } from './article-writer';
export { searchArticles, searchTasks, getArticle, countArticles, type ArticleHit, type TaskHit, type SearchPage, type ArticleSearchParams } from './queries';
