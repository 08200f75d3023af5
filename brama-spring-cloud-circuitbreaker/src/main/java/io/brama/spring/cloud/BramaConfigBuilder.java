package io.brama.spring.cloud;

import io.brama.ConnectionConfig;
import java.util.Objects;
import org.springframework.cloud.client.circuitbreaker.ConfigBuilder;

/**
 * What {@code configure(builder -> ..., ids)} of the Brama factories hands out: the settings of the
 * connections a factory registers, as a {@link ConnectionConfig} (unset values inherit the Brama's
 * defaults):
 * <pre>{@code
 * factory.configure(b -> b.config(ConnectionConfig.builder().maxAttempts(3).build()), "quotes");
 * }</pre>
 */
public final class BramaConfigBuilder implements ConfigBuilder<ConnectionConfig> {
  private ConnectionConfig config = ConnectionConfig.empty();

  /** Starts from no settings: every value inherits the Brama's defaults. */
  public BramaConfigBuilder() {}

  /**
   * The settings to register the connection with.
   *
   * @param config the connection's settings
   * @return this builder
   * @throws NullPointerException when {@code config} is null
   */
  public BramaConfigBuilder config(ConnectionConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    return this;
  }

  /**
   * The settings given to {@link #config}, or none.
   *
   * @return the connection's settings
   */
  @Override
  public ConnectionConfig build() {
    return config;
  }
}
