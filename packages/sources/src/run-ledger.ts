import { RedisKeys } from '@ingest/contracts';
import type { RedisConnection } from '@ingest/queue';
import { runRecordOf, type RunRecord, type RunTrigger } from './run-record';

/**
 * The one finish rule, shared by the scripts below: a run is finished once its discovery
 * is done and as many pages ended as it enqueued. Its page marks then expire.
 */
const FINISH_IF_DONE = `
local function finishIfDone(run, marks, now, ttl)
  local h = redis.call('HMGET', run, 'discoveryDone', 'enqueued', 'ended', 'status')
  if h[1] == '1' and h[4] == 'running' and tonumber(h[3] or '0') >= tonumber(h[2] or '0') then
    redis.call('HSET', run, 'status', 'finished', 'finishedAt', now)
    redis.call('EXPIRE', marks, ttl)
  end
end
`;

/**
 * KEYS: runs zset, run hash. ARGV: run id, source id, trigger, now, runs kept, run key prefix.
 * Creates the record once (a retried discover job keeps its start), then drops the oldest
 * runs past the cap with their page marks (every key carries the source's hash tag).
 */
const START_RUN = `
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('HSET', KEYS[2], 'id', ARGV[1], 'sourceId', ARGV[2], 'trigger', ARGV[3], 'startedAt', ARGV[4], 'status', 'running')
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
end
local extra = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[5])
if extra > 0 then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, extra - 1)) do
    redis.call('DEL', ARGV[6] .. id, ARGV[6] .. id .. ':pages')
    redis.call('ZREM', KEYS[1], id)
  end
end
return 1
`;

/**
 * KEYS: run hash, its page marks. ARGV: visit id, step (fetched, parsed or end), counter of
 * the end (indexed, skipped:<code>, failed:<reason>), new article (1/0), publishedAt in ms
 * ('' when none), ended at the fetcher by a failure (1/0), publishedAt as written, now, ttl.
 * Each step of each page counts once (HSETNX on the marks), whoever records it how often:
 * a retried or redelivered job, or two replicas, cannot count a page twice. A run already
 * dropped by the cap is not brought back.
 */
const RECORD_PAGE = `${FINISH_IF_DONE}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[2] ~= 'end' then
  if redis.call('HSETNX', KEYS[2], ARGV[2] .. ':' .. ARGV[1], 1) == 1 then redis.call('HINCRBY', KEYS[1], ARGV[2], 1) end
  return 1
end
if redis.call('HSETNX', KEYS[2], 'end:' .. ARGV[1], ARGV[3]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[3], 1)
redis.call('HINCRBY', KEYS[1], 'ended', 1)
if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[1], 'new', 1) end
if ARGV[6] == '1' then redis.call('HINCRBY', KEYS[1], 'fetchFailed', 1) end
if ARGV[5] ~= '' then
  local newest = tonumber(redis.call('HGET', KEYS[1], 'newestPublishedMs') or '-1e300')
  if tonumber(ARGV[5]) > newest then redis.call('HSET', KEYS[1], 'newestPublishedMs', ARGV[5], 'newestPublishedAt', ARGV[7]) end
end
finishIfDone(KEYS[1], KEYS[2], ARGV[8], ARGV[9])
return 1
`;

/**
 * KEYS: run hash, its page marks. ARGV: now, ttl, then field / value pairs. Discovery's
 * totals (written whole, so a retried discover job writes the same again), then the finish check.
 */
const DISCOVERY_DONE = `${FINISH_IF_DONE}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'discoveryDone', '1')
finishIfDone(KEYS[1], KEYS[2], ARGV[1], ARGV[2])
return 1
`;

interface LedgerCommands {
  runLedgerStart(...args: string[]): Promise<number>;
  runLedgerPage(...args: string[]): Promise<number>;
  runLedgerDiscovered(...args: string[]): Promise<number>;
}

/** How a page of a run ended for good. */
export type PageEnd =
  | { kind: 'indexed'; created: boolean; publishedAt?: string | null }
  | { kind: 'skipped'; code: string }
  | { kind: 'failed'; reason: string; atFetch: boolean };

/** What discovery found, as totals of the whole run. */
export interface DiscoveryCounts {
  documents: number;
  discovered: number;
  enqueued: number;
  seen: number;
  overCap: number;
  robotsRefused: number;
}

export interface RunLedgerOptions {
  /** Runs kept per source (SOURCE_RUNS_KEPT): a new run drops the oldest past it. */
  keep: number;
  /** How long a finished run still remembers its pages, so a late redelivery is not counted again. */
  marksTtlSeconds?: number;
}

/**
 * The runs of each source and their counters, in Redis. Every write is one Lua script, so
 * any number of replicas of any stage record into the same run safely; see RECORD_PAGE for
 * why a page counts once.
 */
export class RunLedger {
  private readonly commands: LedgerCommands;
  private readonly marksTtl: string;

  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly opts: RunLedgerOptions,
  ) {
    redis.defineCommand('runLedgerStart', { numberOfKeys: 2, lua: START_RUN });
    redis.defineCommand('runLedgerPage', { numberOfKeys: 2, lua: RECORD_PAGE });
    redis.defineCommand('runLedgerDiscovered', { numberOfKeys: 2, lua: DISCOVERY_DONE });
    this.commands = redis as unknown as LedgerCommands;
    this.marksTtl = String(opts.marksTtlSeconds ?? 2 * 86_400);
  }

  private keys(sourceId: string, runId: string): [string, string] {
    const run = RedisKeys.run(this.prefix, sourceId, runId);
    return [run, `${run}:pages`];
  }

  async started(sourceId: string, runId: string, trigger: RunTrigger, at = Date.now()): Promise<void> {
    const runPrefix = RedisKeys.run(this.prefix, sourceId, '');
    await this.commands.runLedgerStart(RedisKeys.runs(this.prefix, sourceId), this.keys(sourceId, runId)[0], runId, sourceId, trigger, String(at), String(this.opts.keep), runPrefix);
  }

  /** A page passed the fetcher (`fetched`) or the parser (`parsed`). */
  async pageStep(sourceId: string, runId: string, visitId: string, step: 'fetched' | 'parsed'): Promise<void> {
    await this.commands.runLedgerPage(...this.keys(sourceId, runId), visitId, step, '', '0', '', '0', '', String(Date.now()), this.marksTtl);
  }

  async pageEnded(sourceId: string, runId: string, visitId: string, end: PageEnd): Promise<void> {
    const counter = end.kind === 'indexed' ? 'indexed' : end.kind === 'skipped' ? `skipped:${end.code}` : `failed:${end.reason}`;
    const published = end.kind === 'indexed' && end.publishedAt ? Date.parse(end.publishedAt) : NaN;
    const publishedMs = Number.isFinite(published) ? String(published) : '';
    const isNew = end.kind === 'indexed' && end.created ? '1' : '0';
    const fetchFailed = end.kind === 'failed' && end.atFetch ? '1' : '0';
    const publishedAt = publishedMs && end.kind === 'indexed' ? (end.publishedAt ?? '') : '';
    await this.commands.runLedgerPage(...this.keys(sourceId, runId), visitId, 'end', counter, isNew, publishedMs, fetchFailed, publishedAt, String(Date.now()), this.marksTtl);
  }

  async discoveryDone(sourceId: string, runId: string, c: DiscoveryCounts): Promise<void> {
    const fields = { documents: c.documents, discovered: c.discovered, enqueued: c.enqueued, 'skipped:seen': c.seen, 'skipped:over-cap': c.overCap, 'refused:robots-disallowed': c.robotsRefused };
    const pairs = Object.entries(fields).flatMap(([k, v]) => [k, String(v)]);
    await this.commands.runLedgerDiscovered(...this.keys(sourceId, runId), String(Date.now()), this.marksTtl, ...pairs);
  }

  /** The run itself (its discover job) was parked: it ends here, with its error. */
  async runFailed(sourceId: string, runId: string, error: string): Promise<void> {
    const [run] = this.keys(sourceId, runId);
    if (!(await this.redis.exists(run))) return;
    await this.redis.hset(run, 'status', 'failed', 'error', error.slice(0, 500), 'finishedAt', String(Date.now()), 'discoveryDone', '1');
  }

  /** The source's kept runs, newest first. */
  async list(sourceId: string, limit = this.opts.keep): Promise<RunRecord[]> {
    const ids = await this.redis.zrevrange(RedisKeys.runs(this.prefix, sourceId), 0, Math.max(0, limit - 1));
    if (!ids.length) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys(sourceId, id)[0]);
    const hashes = ((await pipeline.exec()) ?? []).map(([, h]) => h as Record<string, string>);
    return hashes.filter((h) => h && h.id).map(runRecordOf);
  }

  async get(sourceId: string, runId: string): Promise<RunRecord | null> {
    const h = await this.redis.hgetall(this.keys(sourceId, runId)[0]);
    return h.id ? runRecordOf(h) : null;
  }

  /** Forgets every run of a source (when the source is removed). */
  async removeAll(sourceId: string): Promise<void> {
    const zset = RedisKeys.runs(this.prefix, sourceId);
    const ids = await this.redis.zrange(zset, 0, -1);
    const keys = ids.flatMap((id) => this.keys(sourceId, id));
    await this.redis.del(zset, ...keys);
  }
}
