/**
 * JSON schemas of a source's runs and health (see @ingest/sources RunRecord, healthOf): they
 * serialise the answers of /sources/:id/runs and document them at /docs.
 */
const count = { type: 'integer', minimum: 0 } as const;
const byReason = { type: 'object', additionalProperties: count, description: 'count by reason' } as const;

export const runRecordSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'the run’s discover job id' },
    sourceId: { type: 'string' },
    trigger: { type: 'string', enum: ['scheduled', 'requested'] },
    status: { type: 'string', enum: ['running', 'finished', 'failed'], description: 'finished once discovery is done and every page it enqueued ended' },
    startedAt: { type: 'string' },
    finishedAt: { type: ['string', 'null'] },
    error: { type: ['string', 'null'], description: 'why the run failed, when it did' },
    documents: { ...count, description: 'feeds, sitemaps and seed pages read or tried' },
    discovered: { ...count, description: 'article URLs listed that pass the source’s patterns' },
    enqueued: { ...count, description: 'pages sent to the fetcher (new, or with a newer lastmod)' },
    skipped: { ...byReason, description: 'seen (by an earlier run), over-cap, not-modified, unchanged-content, not-an-article' },
    fetched: count,
    parsed: count,
    indexed: count,
    newArticles: { ...count, description: 'of the indexed, those new to the index' },
    failed: { ...byReason, description: 'pages parked for good, by reason (http-404, http-403, robots-disallowed…)' },
    refused: { ...byReason, description: 'article URLs refused at discovery (robots-disallowed)' },
    pagesEnded: count,
    fetchFailed: count,
    newestPublishedAt: { type: ['string', 'null'] },
  },
  required: ['id', 'sourceId', 'trigger', 'status', 'startedAt', 'finishedAt', 'enqueued', 'skipped', 'fetched', 'parsed', 'indexed', 'failed', 'pagesEnded'],
} as const;

export const runListSchema = { type: 'object', properties: { items: { type: 'array', items: runRecordSchema } }, required: ['items'] } as const;

export const runParams = {
  type: 'object',
  required: ['id', 'runId'],
  properties: { id: { type: 'string', maxLength: 64 }, runId: { type: 'string', maxLength: 200 } },
} as const;

export const runListQuery = {
  type: 'object',
  properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, description: 'newest runs first; all kept runs when left out' } },
  additionalProperties: false,
} as const;

/** What GET /sources adds to each source: its last run and its health word. */
export const sourceHealthProperties = {
  lastRun: { anyOf: [runRecordSchema, { type: 'null' }], description: 'the newest run, finished or not' },
  health: { type: 'string', enum: ['ok', 'failing', 'quiet', 'blocked'] },
  healthReason: { type: 'string' },
} as const;
