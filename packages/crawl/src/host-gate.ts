import type { Cluster, Redis } from 'ioredis';
import { RedisKeys } from '@ingest/contracts';

/**
 * Per-host politeness shared by every fetcher replica: at most `concurrency` requests in
 * flight per host (leases; one unless a source allows more), and starts spaced by at least
 * the host's delay. A caller that may not go yet gets a reserved slot and how long to wait
 * for it, so waiting jobs line up instead of all waking at once. All of it is decided
 * inside Redis (one Lua script, Redis's clock, one key), so two replicas can never both
 * think it is their turn.
 *
 * Hash `<prefix>:host:<host>` fields: `l:<token>` (one per lease: its expiry), notBefore
 * (earliest next start), cursor (end of the reservation queue). A lease past its expiry
 * (its holder died) is dropped by the next acquire. (`token` and `until` are the single
 * lease of earlier versions, still counted while it lasts.)
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local token, delay, leaseMs, reserved, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local all = redis.call('HGETALL', KEYS[1])
local notBefore, cursor, live = 0, 0, 0
for i = 1, #all, 2 do
  local f, v = all[i], all[i + 1]
  if f == 'notBefore' then notBefore = tonumber(v)
  elseif f == 'cursor' then cursor = tonumber(v)
  elseif f == 'until' then if tonumber(v) > now then live = live + 1 end
  elseif string.sub(f, 1, 2) == 'l:' then
    if tonumber(v) > now then live = live + 1 else redis.call('HDEL', KEYS[1], f) end
  end
end
local held = live >= limit
if reserved < 0 then
  local slot = math.max(now, cursor, notBefore)
  redis.call('HSET', KEYS[1], 'cursor', slot + delay)
  redis.call('PEXPIRE', KEYS[1], math.max(slot + delay - now, leaseMs) + 60000)
  if slot > now or held then return {math.max(slot - now, 25), slot} end
else
  if held or now < notBefore then return {math.max(notBefore - now, 25), reserved} end
end
redis.call('HSET', KEYS[1], 'l:' .. token, now + leaseMs, 'notBefore', now + delay)
if cursor < now + delay then redis.call('HSET', KEYS[1], 'cursor', now + delay) end
redis.call('PEXPIRE', KEYS[1], math.max(delay, leaseMs) + 60000)
return {0, now}
`;

const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pause = tonumber(ARGV[2])
redis.call('HDEL', KEYS[1], 'l:' .. ARGV[1])
if pause > 0 then
  local nb = math.max(tonumber(redis.call('HGET', KEYS[1], 'notBefore') or '0'), now + pause)
  local cursor = math.max(tonumber(redis.call('HGET', KEYS[1], 'cursor') or '0'), nb)
  redis.call('HSET', KEYS[1], 'notBefore', nb, 'cursor', cursor)
  redis.call('PEXPIRE', KEYS[1], nb - now + 60000)
end
return 1
`;

export type GateDecision = { go: true; startedAt: number } | { go: false; waitMs: number; slot: number };

export class HostGate {
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
  ) {
    redis.defineCommand('hostGateAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('hostGateRelease', { numberOfKeys: 1, lua: RELEASE });
  }

  /**
   * Takes one of the host's slots, or says how long to wait. `slot` from an earlier answer
   * keeps the caller's place in line; without it the caller joins the end of the line.
   * `concurrency` is how many requests may be in flight to the host at once (default 1).
   */
  async acquire(host: string, token: string, opts: { delayMs: number; leaseMs: number; slot?: number; concurrency?: number }): Promise<GateDecision> {
    const [waitMs, at] = (await (this.redis as unknown as GateCommands).hostGateAcquire(RedisKeys.host(this.prefix, host), token, opts.delayMs, opts.leaseMs, opts.slot ?? -1, Math.max(1, opts.concurrency ?? 1))) as [number, number];
    return waitMs === 0 ? { go: true, startedAt: at } : { go: false, waitMs, slot: at };
  }

  /** Gives the slot back; `pauseMs` > 0 keeps the host closed that long from now (429/503 Retry-After). */
  async release(host: string, token: string, pauseMs = 0): Promise<void> {
    await (this.redis as unknown as GateCommands).hostGateRelease(RedisKeys.host(this.prefix, host), token, Math.max(0, Math.round(pauseMs)));
  }
}

interface GateCommands {
  hostGateAcquire(key: string, token: string, delayMs: number, leaseMs: number, slot: number, concurrency: number): Promise<unknown>;
  hostGateRelease(key: string, token: string, pauseMs: number): Promise<unknown>;
}
