package io.brama.spring;

/**
 * Traces of guarded calls ({@code brama.observations.*}): each call a Micrometer observation
 * {@code brama.call} (brama-micrometer's {@code BramaObservations}) in the application's
 * {@code ObservationRegistry}. Off by default.
 */
public class ObservationsProperties {
  /** Run every guarded call as an observation, when an ObservationRegistry bean exists. */
  private boolean enabled;

  /** The default: off. */
  public ObservationsProperties() {}

  /**
   * Whether every guarded call is an observation.
   *
   * @return whether observations are on
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether every guarded call is an observation (needs an ObservationRegistry bean).
   *
   * @param enabled whether observations are on
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
