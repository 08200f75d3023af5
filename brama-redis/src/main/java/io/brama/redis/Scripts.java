package io.brama.redis;

import static io.brama.redis.SharedStateCodec.lua;

import io.brama.redis.Message.Kind;

/**
 * The Lua scripts: each is one atomic round trip that takes its instants from Redis {@code TIME}
 * and returns the connection's shared state; what they publish and return is written as {@link
 * SharedStateCodec} says (it builds those parts of the Lua). Versions only grow: each
 * change sets {@code v = max(v + 1, now)}, so a key that expired or a Redis that lost its data
 * cannot make a newer decision look older than one an instance has seen. A change decided while
 * Redis was unreachable and pushed later is versioned from its decision ({@code at}, Redis time)
 * instead: when Redis lost a newer state (evicted, restarted empty), the instances that saw it
 * find the pushed one older and write theirs back ({@link Enforcer}). KEYS[1] is the state
 * hash, KEYS[2] the failure count, KEYS[3] the quorum set; ARGV[1] the channel, ARGV[2] the
 * connection id.
 */
final class Scripts {
  private Scripts() {}

  /** Shared preamble: now (ms), a number helper, and the state reply. */
  private static final String HEAD = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local function num(x) return tonumber(x) or 0 end
      """ + SharedStateCodec.LUA_REPLY;

  /**
   * Opens the fleet with {@code holder} holding the probe lease from {@code openUntil}: versions
   * only grow (they follow TIME), the count is reset, the change is published.
   */
  private static final String OPEN_FLEET = """
      local function openFleet(holder, openUntil, leaseMs, ttl, from)
        local v = math.max(num(redis.call('HGET', KEYS[1], 'v')) + 1, from)
        local lease = openUntil + leaseMs
        redis.call('HSET', KEYS[1], 'v', v, 'state', 'open', 'until', openUntil, 'holder', holder,
          'lease', lease, 'by', holder)
        redis.call('PEXPIRE', KEYS[1], ttl)
        redis.call('DEL', KEYS[2])
        redis.call('PUBLISH', ARGV[1], %s)
        return reply(1)
      end
      """.formatted(lua(Kind.OPEN, "v", "openUntil", "lease", "holder", "ARGV[2]"));

  /** The state and the failure count, unchanged. */
  static final String READ = HEAD + """
      return reply(num(redis.call('GET', KEYS[2])))
      """;

  /**
   * A local failure in CLOSED. ARGV[3] key TTL (ms). Counts it unless the fleet is open; the first
   * count publishes {@code dirty}. Result: the count (0 when the fleet is open).
   */
  static final String FAILURE = HEAD + """
      if redis.call('HGET', KEYS[1], 'state') == 'open'
          and num(redis.call('HGET', KEYS[1], 'lease')) > now then
        return reply(0)
      end
      local n = redis.call('INCR', KEYS[2])
      redis.call('PEXPIRE', KEYS[2], ARGV[3])
      if n == 1 then redis.call('PUBLISH', ARGV[1], %s) end
      return reply(n)
      """.formatted(lua(Kind.DIRTY, "ARGV[2]"));

  /** A success while the count is known non-zero: resets it and publishes {@code clean}. */
  static final String SUCCESS = HEAD + """
      local n = num(redis.call('GET', KEYS[2]))
      if n > 0 then
        redis.call('DEL', KEYS[2])
        redis.call('PUBLISH', ARGV[1], %s)
      end
      return reply(n)
      """.formatted(lua(Kind.CLEAN, "ARGV[2]"));

  /**
   * A local open. ARGV[3] base version (-1: unconditional), ARGV[4] open period (ms), ARGV[5]
   * instance, ARGV[6] lease timeout (ms), ARGV[7] key TTL (ms), ARGV[8] when it was decided (ms,
   * Redis time; 0: now). Refused (result 0) when the shared
   * version is newer than the base; else opens the fleet with this instance holding the lease.
   */
  static final String OPEN = HEAD + OPEN_FLEET + """
      local base = tonumber(ARGV[3])
      if base >= 0 and num(redis.call('HGET', KEYS[1], 'v')) > base then return reply(0) end
      local at = tonumber(ARGV[8])
      return openFleet(ARGV[5], now + tonumber(ARGV[4]), tonumber(ARGV[6]), ARGV[7],
        at > 0 and at or now)
      """;

  /**
   * Quorum mode, a local open caused by failures. KEYS[3] the set of instances open locally (a
   * sorted set scored by time). ARGV[3] instance, ARGV[4] quorum, ARGV[5] how long a local open
   * counts (ms), ARGV[6] open period (ms), ARGV[7] lease timeout (ms), ARGV[8] key TTL (ms). Adds
   * this instance; when {@code quorum} instances opened within the window, opens the fleet with this
   * instance holding the lease (result 1); else result 0 and nothing is published.
   */
  static final String QUORUM_OPEN = HEAD + OPEN_FLEET + """
      redis.call('ZADD', KEYS[3], now, ARGV[3])
      redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - tonumber(ARGV[5]))
      redis.call('PEXPIRE', KEYS[3], ARGV[8])
      if redis.call('ZCARD', KEYS[3]) < tonumber(ARGV[4]) then return reply(0) end
      redis.call('DEL', KEYS[3])
      return openFleet(ARGV[3], now + tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8], now)
      """;

  /**
   * A held instance's hold ended. ARGV[3] instance, ARGV[4] lease timeout (ms), ARGV[5] key TTL
   * (ms). When the fleet is open and the holder's lease is over, this instance takes the probe now
   * (result 1, published); else nothing changes (result 0).
   */
  static final String CLAIM = HEAD + OPEN_FLEET + """
      if redis.call('HGET', KEYS[1], 'state') ~= 'open'
          or num(redis.call('HGET', KEYS[1], 'lease')) > now then
        return reply(0)
      end
      return openFleet(ARGV[3], now, tonumber(ARGV[4]), ARGV[5], now)
      """;

  /**
   * A local close. ARGV[3] base version (-1: unconditional), ARGV[4] instance, ARGV[5] key TTL
   * (ms), ARGV[6] when it was decided (ms, Redis time; 0: now). Refused (result 0) when the shared version is newer than the base.
   */
  static final String CLOSE = HEAD + """
      local v = num(redis.call('HGET', KEYS[1], 'v'))
      local base = tonumber(ARGV[3])
      if base >= 0 and v > base then return reply(0) end
      local at = tonumber(ARGV[6])
      v = math.max(v + 1, at > 0 and at or now)
      redis.call('HSET', KEYS[1], 'v', v, 'state', 'closed', 'until', 0, 'holder', '',
        'lease', 0, 'by', ARGV[4])
      redis.call('PEXPIRE', KEYS[1], ARGV[5])
      redis.call('DEL', KEYS[2])
      redis.call('ZREM', KEYS[3], ARGV[4])
      redis.call('PUBLISH', ARGV[1], %s)
      return reply(1)
      """.formatted(lua(Kind.CLOSE, "v", "ARGV[4]", "ARGV[2]"));
}
