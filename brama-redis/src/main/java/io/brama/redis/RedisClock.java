package io.brama.redis;

import java.time.Instant;

/**
 * Redis instants on this Brama's clock: the offset {@code redisTime - localClock} is learnt from
 * every script reply (each carries Redis {@code TIME}). Used on the fleet's thread only.
 */
final class RedisClock {
  private long offsetMillis;

  /** A script ran at {@code redisMillis} (Redis time) while this Brama's clock read {@code now}. */
  void learn(long redisMillis, Instant now) {
    offsetMillis = redisMillis - now.toEpochMilli();
  }

  /** {@code redisMillis} on this Brama's clock. */
  Instant local(long redisMillis) {
    return Instant.ofEpochMilli(redisMillis - offsetMillis);
  }
}
