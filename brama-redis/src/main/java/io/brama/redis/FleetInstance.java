package io.brama.redis;

import io.brama.CircuitState;
import java.time.Instant;
import java.util.Map;

/**
 * One instance attached to a namespace, as it last announced itself (every 2 s; it leaves the
 * roster on {@link RedisSharing#close()}, or 10 s after its last announcement when it dies).
 *
 * @param id the instance's id ({@link RedisSharingConfig#instanceId()})
 * @param since when it first announced itself in this attachment (Redis time)
 * @param lastSeen when it last announced itself (Redis time)
 * @param states its local state of each of its connections then, by connection id
 */
public record FleetInstance(String id, Instant since, Instant lastSeen,
    Map<String, CircuitState> states) {

  /**
   * Copies {@code states}.
   *
   * @param id the instance's id
   * @param since when it first announced itself
   * @param lastSeen when it last announced itself
   * @param states its local states by connection id
   */
  public FleetInstance {
    states = Map.copyOf(states);
  }
}
