package io.brama.redis;

/**
 * The scripts of the instance roster (see {@link Roster}). KEYS[1] is the namespace's sorted set of
 * instances, scored by each one's latest announcement (Redis time, ms); KEYS[2] an instance's hash.
 * Both carry the hash tag {@code {fleet}}, so they share one cluster slot.
 */
final class RosterScripts {
  private RosterScripts() {}

  private static final String NOW = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      """;

  /**
   * ARGV[1] the instance, ARGV[2] the TTL (ms), then field/value pairs ({@code s:<connection>} to a
   * local state). Rewrites the instance's hash, keeping its {@code since}; sets {@code seen} to now;
   * refreshes both TTLs; drops instances not seen within the TTL. Returns now.
   */
  static final String ANNOUNCE = NOW + """
      local since = redis.call('HGET', KEYS[2], 'since') or now
      redis.call('DEL', KEYS[2])
      redis.call('HSET', KEYS[2], 'since', since, 'seen', now)
      for i = 3, #ARGV - 1, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
      redis.call('PEXPIRE', KEYS[2], ARGV[2])
      redis.call('ZADD', KEYS[1], now, ARGV[1])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return now
      """;

  /** ARGV[1] the instance. Removes it from the roster at once. */
  static final String LEAVE = """
      redis.call('ZREM', KEYS[1], ARGV[1])
      redis.call('DEL', KEYS[2])
      return 1
      """;

  /** ARGV[1] the TTL (ms). Returns now, then the instances seen within the TTL. */
  static final String LIST = NOW + """
      local ids = redis.call('ZRANGEBYSCORE', KEYS[1], now - tonumber(ARGV[1]), '+inf')
      table.insert(ids, 1, tostring(now))
      return ids
      """;

  /** An instance's hash as a flat field/value list. */
  static final String INSTANCE = """
      return redis.call('HGETALL', KEYS[1])
      """;
}
