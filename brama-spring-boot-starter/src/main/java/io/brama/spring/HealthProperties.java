package io.brama.spring;

/** The Actuator health indicator. */
public class HealthProperties {
  /**
   * Report DOWN while any circuit is OPEN. Off by default: a dependency's open circuit means
   * the breaker is working, and a DOWN application would be restarted or taken out of the load
   * balancer for it.
   */
  private boolean downWhenOpen = false;

  /** The default: an OPEN circuit does not make the health DOWN. */
  public HealthProperties() {}

  /**
   * Report DOWN while any circuit is OPEN. Off by default: a dependency's open circuit means the
   * breaker is working, and a DOWN application would be restarted or taken out of the load
   * balancer for it.
   *
   * @return whether an OPEN circuit makes the health DOWN
   */
  public boolean isDownWhenOpen() {
    return downWhenOpen;
  }

  /**
   * Sets it: report DOWN while any circuit is OPEN. Off by default: a dependency's open circuit
   * means the breaker is working, and a DOWN application would be restarted or taken out of the
   * load balancer for it.
   *
   * @param downWhenOpen whether an OPEN circuit makes the health DOWN
   */
  public void setDownWhenOpen(boolean downWhenOpen) {
    this.downWhenOpen = downWhenOpen;
  }
}
