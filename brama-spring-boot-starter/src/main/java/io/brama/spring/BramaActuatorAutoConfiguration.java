package io.brama.spring;

import io.brama.Brama;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code brama} Actuator endpoint and health indicator, when Actuator is present. */
@AutoConfiguration(after = BramaAutoConfiguration.class)
public class BramaActuatorAutoConfiguration {
  /** Created by Spring Boot's auto-configuration. */
  public BramaActuatorAutoConfiguration() {}

  /** The endpoint, when exposed ({@code management.endpoints.web.exposure.include=brama}). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  @ConditionalOnAvailableEndpoint(BramaEndpoint.class)
  static class EndpointConfiguration {
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(Brama.class)
    BramaEndpoint bramaEndpoint(Brama brama) {
      return new BramaEndpoint(brama);
    }
  }

  /** The health indicator ({@code management.health.brama.enabled=false} turns it off). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnEnabledHealthIndicator("brama")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "bramaHealthIndicator")
    @ConditionalOnSingleCandidate(Brama.class)
    BramaHealthIndicator bramaHealthIndicator(Brama brama, BramaProperties properties) {
      return new BramaHealthIndicator(brama, properties.getHealth().isDownWhenOpen());
    }
  }
}
