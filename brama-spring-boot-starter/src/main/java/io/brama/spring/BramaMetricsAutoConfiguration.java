package io.brama.spring;

import io.brama.Brama;
import io.brama.micrometer.BramaMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Brama's Micrometer meters when Micrometer is on the class path: switches the core's call
 * counters on and provides {@link BramaMetrics}, a {@code MeterBinder} that Spring Boot binds to
 * every registry. {@code brama.metrics.enabled=false} turns both off.
 */
@AutoConfiguration(before = BramaAutoConfiguration.class)
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
    "io.brama.micrometer.BramaMetrics"})
@ConditionalOnBooleanProperty(name = "brama.metrics.enabled", matchIfMissing = true)
public class BramaMetricsAutoConfiguration {
  /** Created by Spring Boot's auto-configuration. */
  public BramaMetricsAutoConfiguration() {}

  /**
   * The counters that {@code brama.calls} reads.
   *
   * @return a customizer that turns call counting on
   */
  @Bean
  public BramaBuilderCustomizer bramaCountCalls() {
    return builder -> builder.countCalls(true);
  }

  /**
   * The meters. They read the core's call counters, so an application's own Brama bean must be
   * built with {@code countCalls(true)}; start-up fails saying so otherwise.
   *
   * @param brama the Brama to measure; it must count calls
   * @return the meter binder
   */
  @Bean
  @ConditionalOnMissingBean
  public BramaMetrics bramaMetrics(Brama brama) {
    if (!brama.countsCalls()) {
      throw new IllegalStateException("Brama metrics read the call counters, but the Brama bean "
          + "does not count calls: build the application's Brama with "
          + "Brama.builder().countCalls(true), or set brama.metrics.enabled=false");
    }
    return new BramaMetrics(brama);
  }
}
