package io.brama.internal;

import static io.brama.internal.ConfigKey.BACKOFF_FACTOR;
import static io.brama.internal.ConfigKey.EXPIRY;
import static io.brama.internal.ConfigKey.EXPIRY_JITTER;
import static io.brama.internal.ConfigKey.EXPIRY_STRATEGY;
import static io.brama.internal.ConfigKey.FAILURE_POLICY;
import static io.brama.internal.ConfigKey.FAILURE_RATE_THRESHOLD;
import static io.brama.internal.ConfigKey.INITIAL_EXPIRY;
import static io.brama.internal.ConfigKey.MAX_ATTEMPTS;
import static io.brama.internal.ConfigKey.MAX_EXPIRY;
import static io.brama.internal.ConfigKey.MINIMUM_CALLS;
import static io.brama.internal.ConfigKey.WINDOW_DURATION;
import static io.brama.internal.ConfigKey.WINDOW_SIZE;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a connection's keys mean once the defaults' keys fill its gaps. A connection that sets part
 * of a failure policy or an expiry strategy ({@code failure-rate-threshold: 20} under the defaults'
 * {@code failure-policy: rate}) takes the rest from the defaults when both use the same kind; a
 * connection that names another kind sets that kind's values itself (a fixed period it does not
 * give is the table's default). Keys outside these groups inherit whole, as settings do.
 */
final class ConfigInheritance {
  private static final List<ConfigKey> RATE_PARTS =
      List.of(FAILURE_RATE_THRESHOLD, WINDOW_SIZE, WINDOW_DURATION, MINIMUM_CALLS);
  private static final List<ConfigKey> PROGRESSIVE_PARTS =
      List.of(INITIAL_EXPIRY, MAX_EXPIRY, BACKOFF_FACTOR);

  private ConfigInheritance() {}

  /** The connection's values with the group members it inherits from {@code defaults}. */
  static Map<ConfigKey, Object> of(Map<ConfigKey, Object> connection,
      Map<ConfigKey, Object> defaults) {
    Map<ConfigKey, Object> e = new EnumMap<>(ConfigKey.class);
    e.putAll(connection);
    String defaultPolicy = word(defaults, FAILURE_POLICY);
    if (!connection.containsKey(FAILURE_POLICY) && setsAny(connection, RATE_PARTS)) {
      copy(defaults, e, List.of(FAILURE_POLICY));
    }
    String policy = word(e, FAILURE_POLICY);
    if (policy != null && policy.equals(defaultPolicy) && !policy.equals("consecutive")) {
      copy(defaults, e, RATE_PARTS);
    } else if ("consecutive".equals(policy)
        && (defaultPolicy == null || defaultPolicy.equals("consecutive"))) {
      copy(defaults, e, List.of(MAX_ATTEMPTS)); // a named consecutive policy: the defaults' count
    }
    String defaultStrategy = word(defaults, EXPIRY_STRATEGY);
    if (!connection.containsKey(EXPIRY_STRATEGY)
        && (setsAny(connection, PROGRESSIVE_PARTS) || connection.containsKey(EXPIRY_JITTER))) {
      copy(defaults, e, List.of(EXPIRY_STRATEGY));
    }
    String strategy = word(e, EXPIRY_STRATEGY);
    if ("progressive".equals(strategy) && "progressive".equals(defaultStrategy)) {
      copy(defaults, e, PROGRESSIVE_PARTS);
    } else if (!"progressive".equals(strategy) && !"progressive".equals(defaultStrategy)
        && (connection.containsKey(EXPIRY_JITTER) || "fixed".equals(strategy))) {
      copy(defaults, e, List.of(EXPIRY)); // none there either: the table's default, as for them
    }
    return e;
  }

  private static boolean setsAny(Map<ConfigKey, Object> values, List<ConfigKey> keys) {
    for (ConfigKey k : keys) {
      if (values.containsKey(k)) {
        return true;
      }
    }
    return false;
  }

  /** Copies each of {@code keys} that {@code to} lacks and {@code from} has. */
  private static void copy(Map<ConfigKey, Object> from, Map<ConfigKey, Object> to,
      List<ConfigKey> keys) {
    for (ConfigKey k : keys) {
      if (!to.containsKey(k) && from.containsKey(k)) {
        to.put(k, from.get(k));
      }
    }
  }

  /** The word a key holds, or null when absent or not a word (the reader reports that). */
  private static String word(Map<ConfigKey, Object> values, ConfigKey key) {
    Object v = values.get(key);
    try {
      return v == null ? null : ConfigText.word(key.key(), v).trim();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
