import { z } from 'zod';
import cronParser from 'cron-parser';

/**
 * A source: a named site to crawl on a schedule. Seeds are home or section pages whose
 * links are candidates; feeds and sitemaps list articles directly. Include / exclude are
 * regular expressions tested against the normalised absolute URL of each candidate.
 */
const httpUrl = z
  .string()
  .max(4096)
  .refine((u) => {
    try {
      return ['http:', 'https:'].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, 'an absolute http(s) URL');

const pattern = z
  .string()
  .min(1)
  .max(500)
  .refine((p) => {
    try {
      new RegExp(p);
      return true;
    } catch {
      return false;
    }
  }, 'not a valid regular expression');

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90000`, `"90s"`, `"15m"`, `"2h"`, `"1d"` → milliseconds. */
export function parseDuration(v: number | string): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? v : null;
  const m = /^\s*(\d+)\s*(ms|s|m|h|d)?\s*$/.exec(v);
  if (!m) return null;
  const ms = Number(m[1]) * UNITS[m[2] ?? 'ms']!;
  return ms > 0 ? ms : null;
}

const every = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === null || ms < 1_000) {
    ctx.addIssue({ code: 'custom', message: 'an interval of at least 1 s, e.g. 900000, "90s", "15m", "2h"' });
    return z.NEVER;
  }
  return ms;
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Exactly one of `cron` (a 5- or 6-field pattern, in the source's timezone) or `every` (an interval). */
export const ScheduleSchema = z
  .object({ cron: z.string().min(1).max(200).optional(), every: every.optional() })
  .strict()
  .refine((s) => (s.cron === undefined) !== (s.every === undefined), 'give exactly one of cron or every');

export const SourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, "-" and "_", at most 64'),
    name: z.string().min(1).max(200),
    seeds: z.array(httpUrl).max(100).default([]),
    feeds: z.array(httpUrl).max(100).default([]),
    sitemaps: z.array(httpUrl).max(100).default([]),
    include: z.array(pattern).max(50).default([]),
    exclude: z.array(pattern).max(50).default([]),
    schedule: ScheduleSchema.optional(),
    /** IANA zone for cron schedules and for dates without an offset, e.g. `Asia/Ho_Chi_Minh`. */
    timezone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Ho_Chi_Minh').optional(),
    politeness: z
      .object({
        /** Least time between two requests to this source's hosts; robots.txt Crawl-delay still wins when longer. */
        delayMs: z.number().int().min(0).max(3_600_000).optional(),
        /** Requests in flight at once to one of this source's hosts, across every replica (default 1: one at a time). */
        concurrency: z.number().int().min(1).max(64).optional(),
        /** Article URLs taken from one run (the smaller of this and DISCOVER_MAX_URLS). */
        maxUrlsPerRun: z.number().int().positive().max(100_000).optional(),
      })
      .strict()
      .optional(),
    /** Hints for the extractor on this site; passed along, never required. */
    extraction: z
      .object({
        language: z.string().max(20).optional(),
        titleSelector: z.string().max(500).optional(),
        bodySelector: z.string().max(500).optional(),
        publishedSelector: z.string().max(500).optional(),
      })
      .strict()
      .optional(),
    paused: z.boolean().default(false),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!s.seeds.length && !s.feeds.length && !s.sitemaps.length) {
      ctx.addIssue({ code: 'custom', message: 'a source needs at least one seed, feed or sitemap', path: ['seeds'] });
    }
    if (s.schedule?.cron !== undefined) {
      try {
        cronParser.parseExpression(s.schedule.cron, s.timezone ? { tz: s.timezone } : {});
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `bad cron pattern: ${(err as Error).message}`, path: ['schedule', 'cron'] });
      }
    }
  });

/**
 * SourceSchema as JSON Schema, for the OpenAPI document and other clients: `input` is what a
 * definition may hold (defaults optional, `every` a number or a duration string), `output`
 * what a parsed source holds (`every` in milliseconds). What JSON Schema cannot state (http(s)
 * URLs, valid patterns, a cron pattern, a time zone, exactly one of cron / every, at least one
 * seed, feed or sitemap) is checked by SourceSchema alone, which stays the one validator.
 */
export function sourceJsonSchema(io: 'input' | 'output'): z.core.JSONSchema.BaseSchema {
  const { $schema: _, ...schema } = z.toJSONSchema(SourceSchema, {
    io,
    unrepresentable: 'any',
    // What a transform returns has no schema of its own: say what `every` becomes.
    override: (ctx) => {
      if (io === 'output' && ctx.zodSchema === every) Object.assign(ctx.jsonSchema, { type: 'integer', minimum: 1_000, description: 'milliseconds' });
    },
  });
  return schema;
}

export type Source = z.infer<typeof SourceSchema>;
export type SourceInput = z.input<typeof SourceSchema>;

export class InvalidSourceError extends Error {
  override readonly name = 'InvalidSourceError';
  constructor(readonly issues: string[]) {
    super(`invalid source: ${issues.join('; ')}`);
  }
}

/** Validates anything (JSON body, file entry, CLI flags) into a Source, or throws naming every problem. */
export function parseSource(input: unknown): Source {
  const parsed = SourceSchema.safeParse(input);
  if (!parsed.success) throw new InvalidSourceError(parsed.error.issues.map((i) => `${i.path.join('.') || '(source)'}: ${i.message}`));
  return parsed.data;
}

/** True when the URL passes the source's include / exclude patterns (no include = everything). */
export function matchesPatterns(source: Pick<Source, 'include' | 'exclude'>, url: string): boolean {
  if (source.exclude.some((p) => new RegExp(p).test(url))) return false;
  return source.include.length === 0 || source.include.some((p) => new RegExp(p).test(url));
}
