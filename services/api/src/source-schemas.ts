import { sourceJsonSchema } from '@ingest/sources';
import { errorSchema } from './search-schemas';
import { sourceHealthProperties } from './source-run-schemas';
import { checkedByHandler } from './validation';

/**
 * JSON schemas of /sources and /crawls. A source definition's schema is generated from the
 * one zod schema in @ingest/sources; zod, in SourceRegistry.save, stays its validator (so the
 * API, the CLI and SOURCES_FILE accept exactly the same definitions and a 400 names every
 * problem), and the generated schema documents it.
 */
const definition = sourceJsonSchema('input');
const stored = sourceJsonSchema('output');

export const sourceIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 64 } },
} as const;

/** POST /sources: a whole definition, its id included. */
export const sourceBody = checkedByHandler({ ...definition, description: 'a source definition; defaults apply to what is left out' });

/** PUT /sources/:id: the same, the id coming from the path (a differing id in the body is refused). */
export const sourceBodyWithoutId = checkedByHandler({
  ...definition,
  required: (definition.required ?? []).filter((key) => key !== 'id'),
  description: 'a source definition; its id is the path’s',
});

/** A stored source as the API shows it: the parsed definition, its next scheduled run, its last run and health. */
export const sourceViewSchema = {
  ...stored,
  properties: { ...stored.properties, nextRunAt: { type: ['string', 'null'], description: 'ISO 8601; null when paused or unscheduled' }, ...sourceHealthProperties },
  required: [...(stored.required ?? []), 'nextRunAt', 'health'],
};

export const sourceListSchema = { type: 'object', properties: { items: { type: 'array', items: sourceViewSchema } }, required: ['items'] } as const;

/** 400 of a refused definition: the message and each problem, as `path: message`. */
export const invalidSourceSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, issues: { type: 'array', items: { type: 'string' } } },
  required: ['error'],
} as const;

export const noSuchSourceSchema = {
  type: 'object',
  properties: { error: { type: 'string' }, id: { type: 'string' }, sourceId: { type: 'string' } },
  required: ['error'],
} as const;

export const removedSchema = { type: 'object', properties: { removed: { type: 'boolean' } }, required: ['removed'] } as const;

export const crawlBody = {
  type: 'object',
  properties: { url: { type: 'string', format: 'uri', maxLength: 4096 }, sourceId: { type: 'string', maxLength: 200 } },
  anyOf: [{ required: ['url'] }, { required: ['sourceId'] }],
  additionalProperties: false,
} as const;

export const crawlAcceptedSchema = {
  type: 'object',
  description: 'a page visit (url) or a run of the source (sourceId, queue "discover") was queued',
  properties: { visitId: { type: 'string' }, url: { type: 'string' }, sourceId: { type: 'string' }, queue: { type: 'string' } },
  required: ['visitId'],
} as const;

export { errorSchema };
