package io.brama;

import io.brama.internal.Require;
import java.util.Objects;

/**
 * What one {@link HealthCheck} probe found: healthy, or unhealthy with a reason (recorded as the
 * failure reason, as {@link Brama#failure(String, Object)} would).
 */
public final class Health {
  private static final Health HEALTHY = new Health(null);

  private final Object reason;

  private Health(Object reason) {
    this.reason = reason;
  }

  /**
   * The dependency answered as it should.
   *
   * @return the healthy result
   */
  public static Health healthy() {
    return HEALTHY;
  }

  /**
   * The dependency did not answer as it should; {@code reason} says how (e.g. "HTTP 503").
   *
   * @param reason how the dependency failed; not null
   * @return an unhealthy result
   */
  public static Health unhealthy(Object reason) {
    return new Health(Require.notNull(reason, "reason"));
  }

  /**
   * Whether the probe found the dependency healthy.
   *
   * @return whether the dependency is healthy
   */
  public boolean isHealthy() {
    return reason == null;
  }

  /**
   * Why the probe failed; null when healthy.
   *
   * @return the reason, or null
   */
  public Object reason() {
    return reason;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Health h && Objects.equals(reason, h.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(reason);
  }

  @Override
  public String toString() {
    return reason == null ? "healthy" : "unhealthy: " + reason;
  }
}
