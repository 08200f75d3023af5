package io.brama.spring.cloud;

import io.brama.Brama;
import io.brama.spring.BramaBuilderCustomizer;
import io.brama.testing.ManualClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the Gateway (WebFlux) test classes share, each with an application of its own: the
 * loopback backend ({@code backend.url}) and the {@link ManualClock} of every application's
 * Brama, both living as long as the JVM (a cached context may outlive its test class).
 */
abstract class GatewayWebFluxAppTest {
  static final Backend BACKEND = new Backend();
  static final ManualClock CLOCK = new ManualClock();

  @LocalServerPort
  int port;

  @Autowired
  Brama brama;

  @DynamicPropertySource
  static void backend(DynamicPropertyRegistry registry) {
    registry.add("backend.url", BACKEND::url);
  }

  /** Imported by each application: its Brama runs on {@link #CLOCK}. */
  @Configuration(proxyBeanMethods = false)
  static class OnTheManualClock {
    @Bean
    BramaBuilderCustomizer manualClock() {
      return builder -> builder.clock(CLOCK);
    }
  }
}
