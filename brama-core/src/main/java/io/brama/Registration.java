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

  /** A builder with no type, no scope, no overrides and no metadata. */
  public static Builder builder() {
    return new Builder();
  }

  /** No type, no scope, no overrides, no metadata. */
  public static Registration empty() {
    return EMPTY;
  }

  /** The connection type, or null. */
  public String type() {
    return type;
  }

  /** The scope, or null. */
  public String scope() {
    return scope;
  }

  /** The per-connection overrides (possibly empty). */
  public ConnectionConfig config() {
    return config;
  }

  /** Unmodifiable metadata (possibly empty). */
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

    /** The connection type, e.g. {@code "http"}; may be null. */
    public Builder type(String type) {
      this.type = type;
      return this;
    }

    /** The scope, e.g. {@code "payment_services"}; may be null. */
    public Builder scope(String scope) {
      this.scope = scope;
      return this;
    }

    /** Overrides of the global defaults for this connection. */
    public Builder config(ConnectionConfig config) {
      this.config = Require.notNull(config, "config");
      return this;
    }

    /** Metadata, copied; keys and values must not be null. */
    public Builder metadata(Map<String, String> metadata) {
      Require.notNull(metadata, "metadata");
      metadata.forEach((k, v) -> {
        Require.notNull(k, "metadata key");
        Require.notNull(v, "metadata value for key '" + k + "'");
      });
      this.metadata = Map.copyOf(metadata);
      return this;
    }

    /** The immutable registration. */
    public Registration build() {
      return new Registration(this);
    }
  }
}
