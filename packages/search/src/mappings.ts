import type { estypes } from '@elastic/elasticsearch';

/**
 * The index mappings are owned by the code: created at start-up when missing, so a new
 * cluster needs no manual step (a change here reaches an existing cluster through
 * `ingest reindex`). Only what Elasticsearch's core modules offer is used, so the same
 * mappings work on the native integ-test distribution and on the full Docker image:
 * - every searchable text has a `<field>_folded` sibling holding its diacritic-free copy
 *   (folded in code, see fold.ts), queried beside the exact field with a lower boost;
 * - both carry offsets so the highlighter can mark the original from a folded match;
 * - `.keyword` sub-fields serve filters, facets and sorting.
 */
const keywordSub = { keyword: { type: 'keyword', ignore_above: 512 } } as const;
const searchable = { type: 'text', index_options: 'offsets' } as const;

export const indexSettings: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  number_of_replicas: 0,
  // The indexer refreshes itself, at most once per INDEX_REFRESH_MS, before it acknowledges
  // (ArticleBatcher); Elasticsearch's own 1 s timer refreshed in between, a third more
  // segments to merge under load (86 shard refreshes against 64 in a `pnpm bench index`
  // run). Its timer stays as a backstop for writes made some other way.
  refresh_interval: '30s',
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
    title: { ...searchable, fields: keywordSub },
    title_folded: searchable,
    lead: searchable,
    lead_folded: searchable,
    body: searchable,
    body_folded: searchable,
    authors: { type: 'text', fields: keywordSub },
    authors_folded: { type: 'text' },
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
        text: searchable,
        text_folded: searchable,
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
    text: searchable,
    text_folded: searchable,
    paragraphs: { type: 'integer' },
    articleTitle: { ...searchable, fields: keywordSub },
    articleTitle_folded: searchable,
    url: { type: 'keyword' },
    source: { type: 'keyword' },
    language: { type: 'keyword' },
    authors: { type: 'keyword' },
    publishedAt: { type: 'date' },
    indexedAt: { type: 'date' },
  },
};

/** Stored only for matching: never part of what the API returns. */
export const FOLDED_FIELDS = ['*_folded', 'tasks.text_folded'];
