package io.brama.redis;

import io.brama.spi.SharedCircuits;
import java.util.HashMap;
import java.util.Map;

/**
 * What the fleet's parts share. Everything but the configuration and the transition counts is read
 * and written on {@link #serial}'s thread only, so none of it needs a lock.
 */
final class FleetContext {
  final RedisSharingConfig config;
  /** The one thread that reads and writes the rest. */
  final Serial serial = new Serial("brama-redis-fleet");
  /** What this instance knows of each registered connection's shared state. */
  final Map<String, Known> known = new HashMap<>();
  /** Counted on the callers' threads: see {@link TransitionCounts}. */
  final TransitionCounts transitions = new TransitionCounts();
  final RedisClock clock = new RedisClock();
  /** The local circuits; null until bound. */
  SharedCircuits circuits;
  /** The scripts; null until bound. */
  FleetCommands redis;

  FleetContext(RedisSharingConfig config) {
    this.config = config;
  }

  boolean up() {
    return redis != null && redis.isUp();
  }

  /** This instance holds the probe lease of the shared state {@code k}. */
  boolean mine(Known k) {
    return config.instanceId().equals(k.holder);
  }

  /** Successes are watched while the fleet's failure count is known not to be zero. */
  void dirty(String id, Known k, boolean on) {
    if (k.dirty != on) {
      k.dirty = on;
      circuits.watchSuccesses(id, on);
    }
  }
}
