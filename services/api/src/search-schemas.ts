import type { FromSchema } from 'json-schema-to-ts';

/**
 * JSON schemas of the search routes: the one truth for validating requests, serialising
 * responses, the OpenAPI document at /docs and (through the type provider) the handlers' types.
 */
const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const strings = { type: 'array', items: str } as const;

export const errorSchema = {
  type: 'object',
  properties: { error: str },
  required: ['error'],
} as const;

const task = {
  type: 'object',
  properties: {
    ordinal: { type: 'integer', description: '1-based position in the enumeration' },
    marker: { type: 'string', description: 'the marker as written ("Thứ ba", "2.", "Firstly"); "" when implicit' },
    text: str,
    paragraphs: { type: 'integer' },
  },
} as const;

const articleFields = {
  id: { type: 'string', description: 'deterministic: from the normalised final URL' },
  url: str,
  finalUrl: str,
  canonicalUrl: nullableStr,
  source: str,
  siteName: nullableStr,
  sourceLabel: nullableStr,
  title: str,
  lead: str,
  authors: strings,
  authorRoles: { ...strings, description: 'roles and desks read beside the names ("Health Correspondent"); empty for articles indexed before they were read' },
  section: nullableStr,
  tags: strings,
  language: nullableStr,
  publishedAt: { type: ['string', 'null'], description: 'ISO 8601 with offset' },
  modifiedAt: nullableStr,
  fetchedAt: str,
  indexedAt: str,
  contentHash: str,
  wordCount: { type: 'integer' },
  images: { type: 'array', items: { type: 'object', properties: { src: str, caption: nullableStr, credit: nullableStr } } },
  announcedTaskCount: nullableInt,
  taskHeading: nullableStr,
  taskCount: { type: 'integer' },
  tasks: { type: 'array', items: task },
  storyId: { type: 'string', description: 'shared by near copies of one text (syndicated, re-published); the id of the first of them seen' },
} as const;

const highlights = {
  type: 'object',
  description: 'field → HTML-escaped fragments, matches wrapped in <mark>',
  additionalProperties: strings,
} as const;

export const articleSchema = {
  type: 'object',
  properties: { ...articleFields, body: { type: 'string', description: 'paragraphs separated by a blank line' } },
} as const;

const articleHit = {
  type: 'object',
  properties: {
    ...articleFields,
    score: { type: ['number', 'null'] },
    highlights,
    matchedTasks: { type: 'array', description: 'tasks whose text matched, with highlights', items: { type: 'object', properties: { ordinal: { type: 'integer' }, highlights: strings } } },
    otherVersions: { type: 'integer', description: 'stories collapsed (without duplicates=true): how many other versions of this story matched' },
    versions: {
      type: 'array',
      description: 'the first few other versions, oldest first',
      items: { type: 'object', properties: { id: str, url: str, source: str, title: str, publishedAt: nullableStr } },
    },
  },
} as const;

const taskHit = {
  type: 'object',
  properties: {
    id: str,
    score: { type: ['number', 'null'] },
    ...task.properties,
    articleId: str,
    articleTitle: str,
    url: str,
    source: str,
    language: nullableStr,
    authors: strings,
    publishedAt: nullableStr,
    indexedAt: str,
    highlights,
  },
} as const;

const bucket = { type: 'object', properties: { value: str, count: { type: 'integer' } } } as const;

const page = (hit: object, withFacets: boolean) => ({
  type: 'object',
  properties: {
    total: { type: 'integer', description: 'all matching documents (articles: matching stories unless duplicates=true; exact up to 40 000)' },
    hits: { type: 'array', items: hit },
    next: { type: ['string', 'null'], description: 'cursor of the next page: pass it as `after`; null on the last page' },
    ...(withFacets
      ? {
          facets: {
            type: 'object',
            properties: {
              sources: { type: 'array', items: bucket },
              languages: { type: 'array', items: bucket },
              published: { type: 'array', items: { type: 'object', properties: { date: str, count: { type: 'integer' } } } },
            },
          },
        }
      : {}),
  },
  required: ['total', 'hits', 'next'],
});

export const articlePageSchema = { ...page(articleHit, true) } as const;
export const taskPageSchema = { ...page(taskHit, false) } as const;

const listParam = (description: string) =>
  ({
    anyOf: [{ type: 'array', items: { type: 'string', maxLength: 200 }, maxItems: 50 }, { type: 'string', maxLength: 2000 }],
    description: `${description}; repeat the parameter or separate with commas`,
  }) as const;

const commonQuery = {
  q: { type: 'string', maxLength: 2000, default: '', description: 'simple_query_string syntax ("phrase", -exclude, a | b, prefix*); diacritics optional' },
  size: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
  from: { type: 'integer', minimum: 0, maximum: 9900, default: 0, description: 'offset paging (shallow); prefer `after` for deep paging' },
  after: { type: 'string', maxLength: 2000, description: 'the `next` cursor of the previous page (search_after)' },
  sort: { type: 'string', enum: ['relevance', 'date'], default: 'relevance' },
  source: listParam('only these sources'),
  language: listParam('only these languages (e.g. vi, en)'),
  author: { type: 'string', maxLength: 200, description: 'author name, diacritics optional' },
  since: { type: 'string', maxLength: 40, description: 'published at or after (2024-01-31 or a date-time)' },
  until: { type: 'string', maxLength: 40, description: 'published at or before; a bare date includes the whole day' },
} as const;

export const articleSearchQuerySchema = {
  type: 'object',
  properties: {
    ...commonQuery,
    hasTasks: { type: 'boolean', description: 'only articles with (true) or without (false) numbered tasks' },
    facets: { type: 'boolean', default: true, description: 'compute facets (sources, languages, publication dates)' },
    interval: { type: 'string', enum: ['day', 'week', 'month', 'year'], default: 'month', description: 'bucket of the publication-date histogram' },
    duplicates: { type: 'boolean', default: false, description: 'every version of a story as its own hit; by default near copies collapse into one hit with `otherVersions`' },
    story: { type: 'string', maxLength: 200, description: 'only the versions of this story (a `storyId`); use with duplicates=true' },
  },
  additionalProperties: false,
} as const;

export const taskSearchQuerySchema = { type: 'object', properties: commonQuery, additionalProperties: false } as const;

/** The query of /tasks/search once validated (defaults filled in); /search's has more. */
export type CommonQuery = FromSchema<typeof taskSearchQuerySchema>;
export type ArticleSearchQuery = FromSchema<typeof articleSearchQuerySchema>;
