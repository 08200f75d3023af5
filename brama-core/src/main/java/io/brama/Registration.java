package io.brama;

import io.brama.internal.Require;
import java.util.Map;
import java.util.Objects;

/**
 * What a connection is registered with: an optional type ({@code "http"}), an optional scope
 * ({@code "payment_services"}), configuration overrides and free-form metadata. Immutable.
 */
public final class Registration {
  private static final Registration EMPTY = new Builder().build();

  private final String type;
  private final String scope;
  private final ConnectionConfig config;
  private final Map<String, String> metadata;

  private Registration(Builder b) {
    this.type = b.type;
    this.scope = b.scope;
    this.config = b.config;
    this.metadata = b.metadata;
  }

  /**
   * A builder with no type, no scope, no overrides and no metadata.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * No type, no scope, no overrides, no metadata.
   *
   * @return the empty registration
   */
  public static Registration empty() {
    return EMPTY;
  }

  /**
   * The connection type, or null.
   *
   * @return the type, or null
   */
  public String type() {
    return type;
  }

  /**
   * The scope, or null.
   *
   * @return the scope, or null
   */
  public String scope() {
    return scope;
  }

  /**
   * The per-connection overrides (possibly empty).
   *
   * @return the overrides
   */
  public ConnectionConfig config() {
    return config;
  }

  /**
   * Unmodifiable metadata (possibly empty).
   *
   * @return the metadata
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Registration r
        && Objects.equals(type, r.type)
        && Objects.equals(scope, r.scope)
        && config.equals(r.config)
        && metadata.equals(r.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, scope, config, metadata);
  }

  @Override
  public String toString() {
    return "Registration[type=" + type + ", scope=" + scope + ", config=" + config
        + ", metadata=" + metadata + "]";
  }

  /** Builds a {@link Registration}. */
  public static final class Builder {
    private String type;
    private String scope;
    private ConnectionConfig config = ConnectionConfig.empty();
    private Map<String, String> metadata = Map.of();

    private Builder() {}

    /**
     * The connection type, e.g. {@code "http"}; may be null.
     *
     * @param type the connection type, or null
     * @return this builder
     */
    public Builder type(String type) {
      this.type = type;
      return this;
    }

    /**
     * The scope, e.g. {@code "payment_services"}; may be null.
     *
     * @param scope the scope, or null
     * @return this builder
     */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /**
     * Overrides of the global defaults for this connection.
     *
     * @param config the overrides
     * @return this builder
     */
    public Builder config(ConnectionConfig config) {
      this.config = Require.notNull(config, "config");
      return this;
    }

    /**
     * Metadata, copied; keys and values must not be null.
     *
     * @param metadata the metadata to copy
     * @return this builder
     */
    public Builder metadata(Map<String, String> metadata) {
      Require.notNull(metadata, "metadata");
      metadata.forEach((k, v) -> {
        Require.notNull(k, "metadata key");
        Require.notNull(v, "metadata value for key '" + k + "'");
      });
      this.metadata = Map.copyOf(metadata);
      return this;
    }

    /**
     * The immutable registration.
     *
     * @return the registration
     */
    public Registration build() {
      return new Registration(this);
    }
  }
}
