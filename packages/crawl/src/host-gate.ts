import type { Redis } from 'ioredis';
import { RedisKeys } from '@ingest/contracts';

/**
 * Per-host politeness shared by every fetcher replica: one request in flight per host
 * (a lease), and starts spaced by at least the host's delay. A caller that may not go
 * yet gets a reserved slot and how long to wait for it, so waiting jobs line up instead
 * of all waking at once. All of it is decided inside Redis (one Lua script, Redis's clock),
 * so two replicas can never both think it is their turn.
 *
 * Hash `<prefix>:host:<host>` fields: token, until (lease expiry), notBefore
 * (earliest next start), cursor (end of the reservation queue).
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local token, delay, leaseMs, reserved = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local h = redis.call('HMGET', KEYS[1], 'token', 'until', 'notBefore', 'cursor')
local held = h[1] and tonumber(h[2] or '0') > now
local notBefore = tonumber(h[3] or '0')
local cursor = tonumber(h[4] or '0')
if reserved < 0 then
  local slot = math.max(now, cursor, notBefore)
  redis.call('HSET', KEYS[1], 'cursor', slot + delay)
  redis.call('PEXPIRE', KEYS[1], math.max(slot + delay - now, leaseMs) + 60000)
  if slot > now or held then return {math.max(slot - now, 25), slot} end
else
  if held or now < notBefore then return {math.max(notBefore - now, 25), reserved} end
end
redis.call('HSET', KEYS[1], 'token', token, 'until', now + leaseMs, 'notBefore', now + delay)
if cursor < now + delay then redis.call('HSET', KEYS[1], 'cursor', now + delay) end
redis.call('PEXPIRE', KEYS[1], math.max(delay, leaseMs) + 60000)
return {0, now}
`;

const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local pause = tonumber(ARGV[2])
if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then redis.call('HDEL', KEYS[1], 'token', 'until') end
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
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('hostGateAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('hostGateRelease', { numberOfKeys: 1, lua: RELEASE });
  }

  /**
   * Takes the host's slot, or says how long to wait. `slot` from an earlier answer keeps
   * the caller's place in line; without it the caller joins the end of the line.
   */
  async acquire(host: string, token: string, opts: { delayMs: number; leaseMs: number; slot?: number }): Promise<GateDecision> {
    const [waitMs, at] = (await (this.redis as unknown as GateCommands).hostGateAcquire(RedisKeys.host(this.prefix, host), token, opts.delayMs, opts.leaseMs, opts.slot ?? -1)) as [number, number];
    return waitMs === 0 ? { go: true, startedAt: at } : { go: false, waitMs, slot: at };
  }

  /** Gives the slot back; `pauseMs` > 0 keeps the host closed that long from now (429/503 Retry-After). */
  async release(host: string, token: string, pauseMs = 0): Promise<void> {
    await (this.redis as unknown as GateCommands).hostGateRelease(RedisKeys.host(this.prefix, host), token, Math.max(0, Math.round(pauseMs)));
  }
}

interface GateCommands {
  hostGateAcquire(key: string, token: string, delayMs: number, leaseMs: number, slot: number): Promise<unknown>;
  hostGateRelease(key: string, token: string, pauseMs: number): Promise<unknown>;
}
