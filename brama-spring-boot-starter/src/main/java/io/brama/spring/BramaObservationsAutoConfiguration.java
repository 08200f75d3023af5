package io.brama.spring;

import io.brama.micrometer.BramaObservations;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * With {@code brama.observations.enabled=true} and an {@link ObservationRegistry} bean, every
 * guarded call of the application's Brama is a Micrometer observation {@code brama.call}
 * ({@link BramaObservations}): with a tracing bridge, a span tagged with the connection, the state
 * and the outcome; a rejection is an observation with an error.
 */
@AutoConfiguration(before = BramaAutoConfiguration.class)
@ConditionalOnClass(name = {"io.micrometer.observation.ObservationRegistry",
    "io.brama.micrometer.BramaObservations"})
@ConditionalOnBooleanProperty("brama.observations.enabled")
public class BramaObservationsAutoConfiguration {
  /** Created by Spring Boot's auto-configuration. */
  public BramaObservationsAutoConfiguration() {}

  /**
   * Registers the observer when the application has an {@link ObservationRegistry} (looked up
   * when the Brama is built, so the order of auto-configurations does not matter).
   *
   * @param registry the application's observation registry, if any
   * @return the customizer
   */
  @Bean
  public BramaBuilderCustomizer bramaObservations(ObjectProvider<ObservationRegistry> registry) {
    return builder -> registry.ifAvailable(r -> builder.observer(BramaObservations.of(r)));
  }
}
