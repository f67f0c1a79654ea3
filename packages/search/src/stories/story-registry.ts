import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { RedisKeys } from '@ingest/contracts';
import { bandKeys, NEAR_DUPLICATE_JACCARD, SIGNATURE_SIZE, type MinHashSignature } from './minhash';

/**
 * Finds an article's story and records the article in one script, so it is decided once
 * for the whole deployment: two indexer replicas indexing two copies of one agency text
 * at the same moment run it one after the other, and the second finds the first. The
 * first article seen of a story is its canonical one, and the story's id is that
 * article's id. An article seen before keeps its story (a job retried, a page re-fetched).
 *
 * What it remembers is kept per period of the story window: written to this period's keys,
 * read from this one's and the last one's, expiring after two periods. (Replicas whose
 * clocks disagree across a period's end may, for those seconds, not see each other's
 * newest articles.)
 *
 * KEYS: signatures, story-of, bands of this period, then the same of the last one. ARGV:
 * the article's short id, its signature (4 bytes a minimum), minimum equal minimums,
 * signature size, most ids kept per band value, the article's full id (its story's id
 * when it is the first), the keys' time to live in seconds, then the band fields.
 */
const ASSIGN = `
local function get(k, field)
  return redis.call('HGET', KEYS[k], field) or redis.call('HGET', KEYS[k + 3], field)
end
local known = get(2, ARGV[1])
if known then return known end
local sig, need, size, cap = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local best, bestEqual, checked = nil, -1, {}
for i = 8, #ARGV do
  local ids = (redis.call('HGET', KEYS[3], ARGV[i]) or '') .. ',' .. (redis.call('HGET', KEYS[6], ARGV[i]) or '')
  for id in string.gmatch(ids, '[^,]+') do
    if not checked[id] then
      checked[id] = true
      local other = get(1, id)
      if other then
        local equal = size
        if other ~= sig then
          equal = 0
          for k = 0, size - 1 do
            if string.sub(sig, k * 4 + 1, k * 4 + 4) == string.sub(other, k * 4 + 1, k * 4 + 4) then equal = equal + 1 end
          end
        end
        if equal >= need and equal > bestEqual then best, bestEqual = id, equal end
      end
    end
    -- An identical signature cannot be bettered: stop reading candidates (copies of one
    -- agency text would otherwise each read every stored copy of it).
    if bestEqual == size then break end
  end
  if bestEqual == size then break end
end
local story = ARGV[6]
if best then story = get(2, best) end
redis.call('HSET', KEYS[2], ARGV[1], story)
redis.call('HSET', KEYS[1], ARGV[1], sig)
for i = 8, #ARGV do
  local ids = redis.call('HGET', KEYS[3], ARGV[i])
  if not ids then
    redis.call('HSET', KEYS[3], ARGV[i], ARGV[1])
  else
    local _, commas = string.gsub(ids, ',', '')
    if commas + 1 < cap then redis.call('HSET', KEYS[3], ARGV[i], ids .. ',' .. ARGV[1]) end
  end
end
for k = 1, 3 do redis.call('EXPIRE', KEYS[k], ARGV[7]) end
return story
`;

/**
 * Articles kept per band value: enough to find the story (the first ones seen are its
 * canonical members), bounded so a very common band cannot make the script slow.
 */
const MAX_IDS_PER_BAND = 32;

/**
 * What Redis keeps is what every article costs for good, so it is kept small: an article
 * is named by the first 16 hex digits of its id (64 bits: a clash is not expected before
 * billions of articles), a band value by 8 hex digits of a hash of it, and the signature
 * as bytes. Measured by `pnpm bench near-duplicates` (bytes per article).
 */
const shortId = (articleId: string) => articleId.slice(0, 16);
const bandField = (band: number, value: string) => `${band}:${createHash('sha1').update(value).digest('hex').slice(0, 8)}`;

type WithAssign = (Redis | Cluster) & { storyAssign(...args: (string | number | Buffer)[]): Promise<string> };

export interface StoryRegistryOptions {
  /**
   * Near copies are found among the articles of the last one to two windows (default 7
   * days): agencies' texts are re-published within days, and Redis keeps no more than two
   * windows of signatures (~1.2 KB an article).
   */
  windowMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

export const STORY_WINDOW_MS = 7 * 24 * 3600 * 1000;

export class StoryRegistry {
  private readonly redis: WithAssign;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    redis: Redis | Cluster,
    private readonly prefix: string,
    opts: StoryRegistryOptions = {},
  ) {
    redis.defineCommand('storyAssign', { numberOfKeys: 6, lua: ASSIGN });
    this.redis = redis as WithAssign;
    this.windowMs = opts.windowMs ?? STORY_WINDOW_MS;
    this.now = opts.now ?? Date.now;
  }

  /**
   * The story of this article: the id of the first article seen whose body is a near copy
   * of this one, else this article's own id. An article too short to tell (no signature)
   * is a story of its own and is not remembered.
   */
  async assign(articleId: string, signature: MinHashSignature | null): Promise<string> {
    if (!signature) return articleId;
    const need = Math.ceil(NEAR_DUPLICATE_JACCARD * SIGNATURE_SIZE);
    const bands = bandKeys(signature.hex).map((value, b) => bandField(b, value));
    const period = Math.floor(this.now() / this.windowMs);
    const keysOf = (n: number) => [RedisKeys.storySignatures(this.prefix, n), RedisKeys.storyOf(this.prefix, n), RedisKeys.storyBands(this.prefix, n)];
    const ttlSeconds = Math.ceil((2 * this.windowMs) / 1000);
    return this.redis.storyAssign(...keysOf(period), ...keysOf(period - 1), shortId(articleId), Buffer.from(signature.hex, 'hex'), need, SIGNATURE_SIZE, MAX_IDS_PER_BAND, articleId, ttlSeconds, ...bands);
  }
}
