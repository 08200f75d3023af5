package io.brama.redis;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The scripts as this instance calls them: its name, lease timeout, quorum and key lifetimes
 * filled in. Each returns the connection's shared state (failed when Redis did not answer).
 */
final class FleetCommands {
  private final RedisSharingConfig config;
  private final Keys keys;
  private final RedisLink link;

  FleetCommands(RedisSharingConfig config, RedisLink link) {
    this.config = config;
    this.keys = new Keys(config);
    this.link = link;
  }

  boolean isUp() {
    return link.isUp();
  }

  CompletionStage<SharedState> read(String id) {
    return link.eval(Scripts.READ, id);
  }

  CompletionStage<SharedState> failure(String id) {
    return link.eval(Scripts.FAILURE, id, keys.ttlMillis(Duration.ZERO));
  }

  CompletionStage<SharedState> success(String id) {
    return link.eval(Scripts.SUCCESS, id);
  }

  /** Opens the fleet for {@code openFor}, this instance holding the lease, unless newer than base. */
  CompletionStage<SharedState> open(String id, long base, Duration openFor) {
    return open(id, base, openFor, 0);
  }

  /**
   * As {@link #open(String, long, Duration)}, for a change decided at {@code at} (ms, Redis time;
   * 0: now), which versions it if Redis lost the newer states.
   */
  CompletionStage<SharedState> open(String id, long base, Duration openFor, long at) {
    long ms = Math.max(1, openFor.toMillis());
    return link.eval(Scripts.OPEN, id, base, ms, config.instanceId(),
        config.leaseTimeout().toMillis(), keys.ttlMillis(Duration.ofMillis(ms)), at);
  }

  /** Closes the fleet, unless its version is newer than {@code base} (-1: unconditionally). */
  CompletionStage<SharedState> close(String id, long base) {
    return close(id, base, 0);
  }

  /** As {@link #close(String, long)}, for a change decided at {@code at} (0: now). */
  CompletionStage<SharedState> close(String id, long base, long at) {
    return link.eval(Scripts.CLOSE, id, base, config.instanceId(), keys.ttlMillis(Duration.ZERO),
        at);
  }

  /** Quorum mode: counts this instance's own open; opens the fleet when the quorum is reached. */
  CompletionStage<SharedState> quorumOpen(String id, Duration openFor) {
    long ms = Math.max(1, openFor.toMillis());
    return link.eval(Scripts.QUORUM_OPEN, id, config.instanceId(), config.quorum(),
        config.quorumWindow().toMillis(), ms, config.leaseTimeout().toMillis(),
        keys.ttlMillis(Duration.ofMillis(ms)));
  }

  /** Takes the probe lease if the holder's is over. */
  CompletionStage<SharedState> claim(String id) {
    return link.eval(Scripts.CLAIM, id, config.instanceId(), config.leaseTimeout().toMillis(),
        keys.ttlMillis(Duration.ZERO));
  }
}
