package io.brama.spring;

import io.brama.BramaConfig;
import io.brama.ConfigKeys;
import io.brama.ConnectionConfig;
import io.brama.Registration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.BeanWrapperImpl;

/**
 * Hands the bound properties to the core's table of keys ({@link ConfigKeys}), which reads and
 * checks them and names each problem by its key; this class only says how a key is named here
 * ({@code brama.max-attempts}, {@code brama.connections[payment_api].max-attempts}) and collects
 * every problem instead of stopping at the first. Each key is the bean property of the same name
 * in camel case ({@code max-attempts}: {@code maxAttempts}).
 */
final class ConfigMapping {
  private final List<String> problems = new ArrayList<>();

  private ConfigMapping() {}

  /** Every problem in {@code properties}, each naming its property; empty when all is well. */
  static List<String> problems(BramaProperties properties) {
    ConfigMapping mapping = new ConfigMapping();
    mapping.config(properties);
    properties.getConnections().forEach((id, c) -> mapping.registration(properties, id, c));
    return mapping.problems;
  }

  /** The defaults for every connection. */
  static BramaConfig toConfig(BramaProperties properties) {
    ConfigMapping mapping = new ConfigMapping();
    BramaConfig config = mapping.config(properties);
    mapping.failOnProblems();
    return config;
  }

  /** The connections to register, by id, in the order they were configured. */
  static Map<String, Registration> toRegistrations(BramaProperties properties) {
    ConfigMapping mapping = new ConfigMapping();
    Map<String, Registration> registrations = new LinkedHashMap<>();
    properties.getConnections().forEach((id, c) ->
        registrations.put(id, mapping.registration(properties, id, c)));
    mapping.failOnProblems();
    return registrations;
  }

  /** The values the properties set, by key name: what the core reads. */
  static Map<String, Object> values(Object properties, boolean perConnection) {
    BeanWrapperImpl bean = new BeanWrapperImpl(properties);
    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigKeys.Key key : ConfigKeys.all()) {
      if (perConnection && !key.perConnection()) {
        continue;
      }
      Object value = bean.getPropertyValue(propertyName(key.name()));
      if (value != null) {
        values.put(key.name(), value);
      }
    }
    return values;
  }

  /** {@code max-attempts}: {@code maxAttempts}. */
  static String propertyName(String key) {
    StringBuilder sb = new StringBuilder();
    for (String part : key.split("-")) {
      sb.append(sb.length() == 0 ? part : Character.toUpperCase(part.charAt(0))
          + part.substring(1));
    }
    return sb.toString();
  }

  private void failOnProblems() {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid brama properties: "
          + String.join("; ", problems));
    }
  }

  private BramaConfig config(BramaProperties p) {
    ConfigKeys.Reading<BramaConfig> reading =
        ConfigKeys.readDefaults(values(p, false), key -> "brama." + key);
    collect(reading);
    return reading.config().orElse(BramaConfig.defaults());
  }

  private Registration registration(BramaProperties defaults, String id, ConnectionProperties c) {
    String prefix = "brama.connections[" + id + "].";
    ConfigKeys.Reading<ConnectionConfig> reading = ConfigKeys.readConnection(values(c, true),
        values(defaults, true), key -> prefix + key);
    collect(reading);
    Registration.Builder r = Registration.builder().type(c.getType()).scope(c.getScope())
        .config(reading.config().orElse(ConnectionConfig.empty()));
    if (c.getMetadata() != null) {
      try {
        r.metadata(c.getMetadata());
      } catch (IllegalArgumentException e) {
        problems.add(prefix + "metadata: " + e.getMessage());
      }
    }
    return r.build();
  }

  private void collect(ConfigKeys.Reading<?> reading) {
    reading.problems().forEach(problem -> problems.add(problem.message()));
  }
}
