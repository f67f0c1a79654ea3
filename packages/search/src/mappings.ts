import type { estypes } from '@elastic/elasticsearch';

/**
 * The index mappings are owned by the code: created at start-up when missing, so a new
 * cluster needs no manual step. Text fields carry a `.keyword` sub-field for filters,
 * facets and sorting.
 */
const keywordSub = { keyword: { type: 'keyword', ignore_above: 512 } } as const;

const settings: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  number_of_replicas: 0,
  refresh_interval: '1s',
};

export const articleMapping: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    url: { type: 'keyword' },
    finalUrl: { type: 'keyword' },
    canonicalUrl: { type: 'keyword' },
    source: { type: 'keyword' },
    siteName: { type: 'keyword' },
    sourceLabel: { type: 'keyword' },
    title: { type: 'text', fields: keywordSub },
    lead: { type: 'text' },
    body: { type: 'text' },
    authors: { type: 'text', fields: keywordSub },
    section: { type: 'keyword' },
    tags: { type: 'keyword' },
    language: { type: 'keyword' },
    publishedAt: { type: 'date' },
    modifiedAt: { type: 'date' },
    fetchedAt: { type: 'date' },
    indexedAt: { type: 'date' },
    contentHash: { type: 'keyword' },
    wordCount: { type: 'integer' },
    images: {
      type: 'object',
      properties: { src: { type: 'keyword', index: false }, caption: { type: 'text' }, credit: { type: 'keyword' } },
    },
    announcedTaskCount: { type: 'integer' },
    taskHeading: { type: 'text' },
    taskCount: { type: 'integer' },
    tasks: {
      type: 'nested',
      properties: {
        ordinal: { type: 'integer' },
        marker: { type: 'keyword' },
        text: { type: 'text' },
        paragraphs: { type: 'integer' },
      },
    },
  },
};

export const taskMapping: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    articleId: { type: 'keyword' },
    ordinal: { type: 'integer' },
    marker: { type: 'keyword' },
    text: { type: 'text' },
    paragraphs: { type: 'integer' },
    articleTitle: { type: 'text', fields: keywordSub },
    url: { type: 'keyword' },
    source: { type: 'keyword' },
    language: { type: 'keyword' },
    publishedAt: { type: 'date' },
    indexedAt: { type: 'date' },
  },
};

export const indexSettings = settings;
