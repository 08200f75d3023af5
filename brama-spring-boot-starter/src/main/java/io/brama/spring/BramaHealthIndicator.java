package io.brama.spring;

import io.brama.Brama;
import io.brama.CircuitState;
import io.brama.ConnectionStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports each connection's state in the health details ({@code brama.connections.payment_api:
 * OPEN}). The status stays UP while circuits are open, because an open circuit is the breaker doing
 * its job and a DOWN application would be restarted or taken out of rotation for a dependency's
 * outage; with {@code brama.health.down-when-open=true} any OPEN circuit makes it DOWN.
 */
public class BramaHealthIndicator implements HealthIndicator {
  private final Brama brama;
  private final boolean downWhenOpen;

  /**
   * Reports on {@code brama}; DOWN on an open circuit only when {@code downWhenOpen}.
   *
   * @param brama the Brama to report on
   * @param downWhenOpen whether an OPEN circuit makes the health DOWN
   */
  public BramaHealthIndicator(Brama brama, boolean downWhenOpen) {
    this.brama = brama;
    this.downWhenOpen = downWhenOpen;
  }

  @Override
  public Health health() {
    Map<String, String> states = new LinkedHashMap<>();
    int open = 0;
    for (ConnectionStatus status : brama.statuses()) {
      states.put(status.id(), status.state().name());
      if (status.state() == CircuitState.OPEN) {
        open++;
      }
    }
    Health.Builder health = downWhenOpen && open > 0 ? Health.down() : Health.up();
    return health.withDetail("open", open).withDetail("connections", states).build();
  }
}
