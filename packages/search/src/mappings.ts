import type { estypes } from '@elastic/elasticsearch';

/**
 * The index mappings are owned by the code: created at start-up when missing, so a new
 * cluster needs no manual step (a change here reaches an existing cluster through
 * `ingest reindex`). Only what Elasticsearch's core modules offer is used, so the same
 * mappings work on the native integ-test distribution and on the full Docker image:
 * - every searchable text has a `<field>_folded` sibling holding its diacritic-free copy
 *   (folded in code, see fold.ts), queried beside the exact field with a lower boost;
 * - both carry offsets so the highlighter can mark the original from a folded match;
 * - title, lead, body and task texts also have a `<field>_stemmed` sibling: the Snowball
 *   stems of their words (stemmed in code, see stem.ts; empty for Vietnamese), queried
 *   with a lower boost still, so other word forms match and the very word ranks first;
 * - `storyId` groups near-copies of one text (stories/), for `collapse`;
 * - `.keyword` sub-fields serve filters, facets and sorting.
 */
const keywordSub = { keyword: { type: 'keyword', ignore_above: 512 } } as const;
const searchable = { type: 'text', index_options: 'offsets' } as const;
/** Stems are not the text's length, so they serve matching only (no highlighting from them). */
const stemmed = { type: 'text' } as const;

/**
 * The shape of stored documents, kept in each index's `_meta`. An index of an older shape
 * holds documents lacking what the queries now rely on (without a `storyId`, collapsing
 * would fold all of them into one hit), so `ensureIndices` refuses it with a
 * MappingConflictError and `ingest reindex` rebuilds its documents. 1: before issue 18
 * (no `_meta`); 2: stems and stories.
 */
export const DOCUMENT_SCHEMA_VERSION = 2;
const meta = { schema: DOCUMENT_SCHEMA_VERSION };

export const indexSettings: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  // One replica as soon as the cluster has a second node (none on a single node, which
  // stays green): a node lost then loses no acknowledged write, its shards promote.
  auto_expand_replicas: '0-1',
  // The indexer refreshes itself, at most once per INDEX_REFRESH_MS, before it acknowledges
  // (ArticleBatcher); Elasticsearch's own 1 s timer refreshed in between, a third more
  // segments to merge under load (86 shard refreshes against 64 in a `pnpm bench index`
  // run). Its timer stays as a backstop for writes made some other way.
  refresh_interval: '30s',
};

export const articleMapping: estypes.MappingTypeMapping = {
  _meta: meta,
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
    title_stemmed: stemmed,
    lead: searchable,
    lead_folded: searchable,
    lead_stemmed: stemmed,
    body: searchable,
    body_folded: searchable,
    body_stemmed: stemmed,
    storyId: { type: 'keyword' },
    authors: { type: 'text', fields: keywordSub },
    authors_folded: { type: 'text' },
    // Roles and desks read beside the names ("Health Correspondent"): filters, never authors.
    authorRoles: { type: 'keyword' },
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
        text_stemmed: stemmed,
        paragraphs: { type: 'integer' },
      },
    },
  },
};

export const taskMapping: estypes.MappingTypeMapping = {
  _meta: meta,
  dynamic: 'strict',
  properties: {
    articleId: { type: 'keyword' },
    ordinal: { type: 'integer' },
    marker: { type: 'keyword' },
    text: searchable,
    text_folded: searchable,
    text_stemmed: stemmed,
    paragraphs: { type: 'integer' },
    articleTitle: { ...searchable, fields: keywordSub },
    articleTitle_folded: searchable,
    articleTitle_stemmed: stemmed,
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
export const MATCH_ONLY_FIELDS = [...FOLDED_FIELDS, '*_stemmed', 'tasks.text_stemmed'];
