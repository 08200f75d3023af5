package io.brama;

import io.brama.internal.ConfigKey;
import io.brama.internal.ConfigReader;
import io.brama.internal.ConfigValues;
import io.brama.internal.PropertyValues;
import io.brama.internal.Require;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Brama's configuration keys as one table ({@code max-attempts}, {@code expiry}, ...) with their
 * defaults, and the reading of values by key into a {@link BramaConfig} or a
 * {@link ConnectionConfig}, for configuration that comes from anywhere: {@code brama.*} properties
 * ({@link BramaConfig#fromProperties}), the Spring starter's {@code application.yml}, environment
 * variables. A reading reports every problem at once, each with its key and a message that starts
 * with the key's name as the caller names it, so a caller can map problems to its own paths
 * without parsing messages.
 *
 * <pre>{@code
 * ConfigKeys.Reading<BramaConfig> r =
 *     ConfigKeys.readDefaults(Map.of("max-attempts", "5", "expiry", "30s"), key -> "brama." + key);
 * BramaConfig config = r.orThrow();
 * }</pre>
 *
 * <p>A value is text as written in properties ({@code 30s}, {@code 2.5}, {@code timed-rate},
 * comma-separated class names) or an object of the key's kind: a Number, a Duration, an enum
 * constant ({@code TIMED_RATE} reads as {@code timed-rate}), Class objects or a collection of them.
 */
public final class ConfigKeys {
  private static final List<Key> ALL;

  static {
    List<Key> keys = new ArrayList<>();
    for (ConfigKey k : ConfigKey.values()) {
      keys.add(new Key(k.key(), k == ConfigKey.MINIMUM_CALLS ? ConfigKey.MINIMUM_CALLS_DEFAULT
          : k.defaultText(), k.meaning(), !k.engineWide()));
    }
    ALL = List.copyOf(keys);
  }

  private ConfigKeys() {}

  /**
   * One configuration key.
   *
   * @param name the key without a prefix, {@code max-attempts}
   * @param defaultValue the default as one would write it ({@code 10}, {@code 60s}), or null when
   *     the key has no default
   * @param meaning what it sets, with the allowed range
   * @param perConnection whether a connection can set it ({@code cleanup-interval} cannot: it
   *     applies to the whole Brama)
   */
  public record Key(String name, String defaultValue, String meaning, boolean perConnection) {
    /**
     * Checks the name and meaning ({@code defaultValue} may be null).
     *
     * @param name the key without a prefix
     * @param defaultValue the default as written, or null
     * @param meaning what it sets
     * @param perConnection whether a connection can set it
     */
    public Key {
      Require.notNull(name, "name");
      Require.notNull(meaning, "meaning");
    }
  }

  /**
   * A problem found while reading.
   *
   * @param key the key it concerns, without a prefix
   * @param message what is wrong, starting with the key's name as the caller names it
   */
  public record Problem(String key, String message) {
    /**
     * Checks that both are given.
     *
     * @param key the key it concerns
     * @param message what is wrong
     */
    public Problem {
      Require.notNull(key, "key");
      Require.notNull(message, "message");
    }
  }

  /**
   * What a reading found: the configuration when nothing was wrong, else every problem.
   *
   * @param <T> {@link BramaConfig} or {@link ConnectionConfig}
   */
  public static final class Reading<T> {
    private final T config;
    private final List<Problem> problems;
    private final Throwable cause;

    private Reading(T config, List<Problem> problems, Throwable cause) {
      this.config = problems.isEmpty() ? config : null;
      this.problems = problems;
      this.cause = cause;
    }

    /**
     * The configuration read, when there was no problem.
     *
     * @return the configuration, or empty when {@link #problems()} is not
     */
    public Optional<T> config() {
      return Optional.ofNullable(config);
    }

    /**
     * Every problem, in the table's order of keys within each group.
     *
     * @return the problems; empty when the values were all right
     */
    public List<Problem> problems() {
      return problems;
    }

    /**
     * The configuration.
     *
     * @return the configuration read
     * @throws IllegalArgumentException listing every problem, separated by {@code ; }
     */
    public T orThrow() {
      if (config != null) {
        return config;
      }
      List<String> messages = new ArrayList<>();
      problems.forEach(p -> messages.add(p.message()));
      throw new IllegalArgumentException(String.join("; ", messages), cause);
    }
  }

  /**
   * Every key, in the order of the configuration table.
   *
   * @return the keys
   */
  public static List<Key> all() {
    return ALL;
  }

  /**
   * Reads the global defaults; keys not given keep {@link BramaConfig#defaults()}'s values.
   *
   * @param values values by key name ({@code max-attempts}); null values count as not given
   * @param nameOfKey how messages name a key, e.g. {@code key -> "brama." + key}
   * @return the configuration, or the problems
   */
  public static Reading<BramaConfig> readDefaults(Map<String, ?> values,
      Function<String, String> nameOfKey) {
    Require.notNull(values, "values");
    Require.notNull(nameOfKey, "nameOfKey");
    List<Problem> unknown = new ArrayList<>();
    Map<ConfigKey, Object> known = known(values, "values", nameOfKey, unknown);
    return defaults(ConfigReader.readDefaults(known, k -> nameOfKey.apply(k.key())), unknown);
  }

  /**
   * Reads one connection's overrides. Where the connection sets part of a failure policy or an
   * expiry strategy of the same kind as {@code defaults}, it takes the rest from them
   * ({@code failure-rate-threshold: 20} under the defaults' {@code failure-policy: rate}); a
   * slow-call threshold is checked against the policy the connection will have.
   *
   * @param values the connection's values by key name
   * @param defaults the global defaults' values by key name, as given to {@link #readDefaults}
   * @param nameOfKey how messages name a key of this connection
   * @return the connection's overrides, or the problems
   */
  public static Reading<ConnectionConfig> readConnection(Map<String, ?> values,
      Map<String, ?> defaults, Function<String, String> nameOfKey) {
    Require.notNull(values, "values");
    Require.notNull(defaults, "defaults");
    Require.notNull(nameOfKey, "nameOfKey");
    List<Problem> unknown = new ArrayList<>();
    Map<ConfigKey, Object> known = known(values, "values", nameOfKey, unknown);
    Map<ConfigKey, Object> inherited = known(defaults, "defaults", nameOfKey, new ArrayList<>());
    ConfigReader.Result r = ConfigReader.readConnection(known, inherited,
        k -> nameOfKey.apply(k.key()));
    return reading(new ConnectionConfig(r.values()), r, unknown);
  }

  /** {@link BramaConfig#fromProperties}: the {@code brama.*} entries, named with the prefix. */
  static Reading<BramaConfig> readProperties(Properties properties) {
    Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
    PropertyValues.read(properties).forEach((name, value) -> values.put(ConfigKey.named(name),
        value));
    return defaults(ConfigReader.readDefaults(values, k -> PropertyValues.PREFIX + k.key()),
        List.of());
  }

  private static Reading<BramaConfig> defaults(ConfigReader.Result r, List<Problem> unknown) {
    ConfigValues complete = r.values().over(ConfigValues.DEFAULTS);
    return reading(new BramaConfig(complete, r.cleanupInterval() != null ? r.cleanupInterval()
        : BramaConfig.defaults().cleanupInterval()), r, unknown);
  }

  private static <T> Reading<T> reading(T config, ConfigReader.Result r, List<Problem> unknown) {
    List<Problem> problems = new ArrayList<>(unknown);
    Throwable cause = null;
    for (ConfigReader.Problem p : r.problems()) {
      problems.add(new Problem(p.key().key(), p.message()));
      cause = cause != null ? cause : p.cause();
    }
    return new Reading<>(config, List.copyOf(problems), cause);
  }

  private static Map<ConfigKey, Object> known(Map<String, ?> values, String parameter,
      Function<String, String> nameOfKey, List<Problem> unknown) {
    Require.notNull(values, parameter);
    Map<ConfigKey, Object> known = new EnumMap<>(ConfigKey.class);
    values.forEach((name, value) -> {
      ConfigKey key = name == null ? null : ConfigKey.named(name);
      if (key == null) {
        unknown.add(new Problem(String.valueOf(name), nameOfKey.apply(String.valueOf(name))
            + " is not a configuration key; known keys: " + ALL.stream().map(Key::name).toList()));
      } else if (value != null) {
        known.put(key, value);
      }
    });
    return known;
  }
}
