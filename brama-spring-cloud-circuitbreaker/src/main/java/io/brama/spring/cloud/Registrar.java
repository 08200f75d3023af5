package io.brama.spring.cloud;

import io.brama.Brama;
import io.brama.Circuit;
import io.brama.ConnectionConfig;
import io.brama.Registration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What both factories do on {@code create}: the handle on a registered connection, or a new
 * registration with the factory's settings for the id. A connection registered before (from
 * {@code brama.connections}, an annotation or the application) keeps its own settings and scope.
 */
final class Registrar {
  private final Brama brama;
  private final Map<String, ConnectionConfig> configurations;
  private volatile Function<String, ConnectionConfig> defaults = id -> ConnectionConfig.empty();

  Registrar(Brama brama, Map<String, ConnectionConfig> configurations) {
    this.brama = Objects.requireNonNull(brama, "brama");
    this.configurations = configurations;
  }

  Brama brama() {
    return brama;
  }

  void defaults(Function<String, ConnectionConfig> defaults) {
    this.defaults = Objects.requireNonNull(defaults, "defaultConfiguration");
  }

  Circuit circuit(String id, String scope) {
    Objects.requireNonNull(id, "id");
    // the common case, a registered id, builds nothing
    if (brama.isRegistered(id)) {
      return brama.registerIfAbsent(id, Registration.empty());
    }
    ConnectionConfig config = configurations.get(id);
    if (config == null) {
      config = Objects.requireNonNull(defaults.apply(id), "defaultConfiguration's result");
    }
    return brama.registerIfAbsent(id, Registration.builder().scope(scope).config(config).build());
  }
}
