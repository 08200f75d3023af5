package io.brama.spring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;

/** Application contexts with the starter's auto-configurations, configured from YAML text. */
final class Contexts {
  private Contexts() {}

  /** AOP, metrics, core, actuator and Redis auto-configurations, in Boot's order. */
  static ApplicationContextRunner runner() {
    return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
        AopAutoConfiguration.class, BramaMetricsAutoConfiguration.class,
        BramaAutoConfiguration.class, BramaActuatorAutoConfiguration.class,
        BramaRedisAutoConfiguration.class));
  }

  /** Adds {@code yaml} as the highest-precedence property source, as application.yml would be. */
  static ApplicationContextInitializer<ConfigurableApplicationContext> yaml(String yaml) {
    return context -> {
      try {
        new YamlPropertySourceLoader()
            .load("test.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
            .forEach(source -> context.getEnvironment().getPropertySources().addFirst(source));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}
