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

  /** {@code local}, an instant of this Brama's clock, in Redis time. */
  Instant redis(Instant local) {
    return local.plusMillis(offsetMillis);
  }

  /** {@code redisMillis} on this Brama's clock. */
  Instant local(long redisMillis) {
    return Instant.ofEpochMilli(redisMillis - offsetMillis);
  }
}
