import { createHash } from 'node:crypto';
import type { Logger } from '@ingest/config';
import type { JobPayloads, QueueName } from '@ingest/contracts';
import type { FetchedPage, PoliteFetcher, VisitResult } from '@ingest/crawl';
import type { StageContext } from '@ingest/queue';
import { parseSource, type Source } from '@ingest/sources';

/** A logger that drops everything: the handlers' logging is not what these tests look at. */
export const quietLog = new Proxy({}, { get: () => () => undefined }) as unknown as Logger;

/** A stage context without a queue: `saved` holds each data the handler asked to save. */
export function context<N extends QueueName>(): StageContext<N> & { saved: JobPayloads[N][] } {
  const saved: JobPayloads[N][] = [];
  return { log: quietLog, token: 'attempt-1', jobId: 'job-1', save: async (data) => void saved.push(structuredClone(data)), saved };
}

export function page(url: string, body: string, contentType = 'text/html; charset=utf-8', status = 200): FetchedPage {
  const bytes = Buffer.from(body);
  return {
    requestedUrl: url,
    finalUrl: url,
    status,
    contentType,
    headers: {},
    body: bytes,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    redirects: [],
    fetchedAt: '2026-12-03T10:00:00.000Z',
    ms: 3,
  };
}

type Answer = VisitResult | Error;

/**
 * A polite fetcher that answers from a table: each URL's answers are given in turn (the
 * last one repeats). Records every visit with its options.
 */
export function scriptedFetcher(answers: Record<string, Answer | Answer[]>, disallowed: string[] = []): Pick<PoliteFetcher, 'visit' | 'cachedPolicy'> & { visits: { url: string; opts: unknown }[] } {
  const given = new Map<string, number>();
  const visits: { url: string; opts: unknown }[] = [];
  return {
    visits,
    visit: async (url, opts) => {
      visits.push({ url, opts });
      const list = ([] as Answer[]).concat(answers[url] ?? new Error(`no answer scripted for ${url}`));
      const i = given.get(url) ?? 0;
      given.set(url, i + 1);
      const answer = list[Math.min(i, list.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    cachedPolicy: async () => ({ isAllowed: (url: string) => !disallowed.some((d) => url.includes(d)), crawlDelayMs: undefined, sitemaps: [] }),
  };
}

export function source(fields: Partial<Source> & { id: string }): Source {
  return parseSource({ name: fields.id, ...fields });
}
