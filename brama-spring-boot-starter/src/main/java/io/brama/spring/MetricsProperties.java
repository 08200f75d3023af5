package io.brama.spring;

/** The Micrometer binding. */
public class MetricsProperties {
  /** Bind Brama's meters when Micrometer is present; switches the core call counters on. */
  private boolean enabled = true;

  /** The default: enabled. */
  public MetricsProperties() {}

  /**
   * Bind Brama's meters when Micrometer is present; switches the core call counters on.
   *
   * @return whether to bind the meters
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets it: bind Brama's meters when Micrometer is present; switches the core call counters on.
   *
   * @param enabled whether to bind the meters
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
