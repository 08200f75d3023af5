package io.brama.redis;

import java.time.Duration;

/**
 * Where a namespace's shared state lives in Redis, and for how long. A connection's keys carry its
 * id as hash tag ({@code {id}}) and the roster's carry {@code {fleet}}, so that the keys one script
 * touches share one cluster slot.
 */
final class Keys {
  private final RedisSharingConfig config;

  Keys(RedisSharingConfig config) {
    this.config = config;
  }

  /** The channel every script publishes its messages on ({@link SharedStateCodec}). */
  String channel() {
    return config.namespace() + ":events";
  }

  /** A connection's state hash: version, state, open-until, holder, lease, who changed it. */
  String state(String id) {
    return config.namespace() + ":{" + id + "}:state";
  }

  /** A connection's fleet-wide count of failures in a row. */
  String failures(String id) {
    return config.namespace() + ":{" + id + "}:failures";
  }

  /** Quorum mode: the instances that opened a connection on their own, scored by time. */
  String opened(String id) {
    return config.namespace() + ":{" + id + "}:opened";
  }

  /** The sorted set of the namespace's instances. */
  String roster() {
    return config.namespace() + ":{fleet}:instances";
  }

  /** The hash of one instance in the roster. */
  String instance(String instance) {
    return config.namespace() + ":{fleet}:instance:" + instance;
  }

  /**
   * The lifetime (ms) of a connection's keys after a write: at least {@code keyTtl}, and a minute
   * beyond the open period and lease they describe, so that none expires while it is in force.
   */
  long ttlMillis(Duration openFor) {
    return Math.max(config.keyTtl().toMillis(),
        openFor.plus(config.leaseTimeout()).plusMinutes(1).toMillis());
  }
}
