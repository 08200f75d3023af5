package io.brama.spring.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import feign.Target;
import io.brama.spring.BramaAutoConfiguration;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.openfeign.CircuitBreakerNameResolver;
import org.springframework.cloud.openfeign.FeignAutoConfiguration;

/** {@code spring.cloud.openfeign.circuitbreaker.brama-names}: which resolver OpenFeign gets, and the names it makes. */
class CircuitNamesTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BramaAutoConfiguration.class,
          BramaCircuitBreakerAutoConfiguration.class, FeignAutoConfiguration.class))
      .withPropertyValues("spring.cloud.openfeign.circuitbreaker.enabled=true");

  private static String name(CircuitBreakerNameResolver resolver) throws Exception {
    Method quote = ServletAppTest.QuotesClient.class.getMethod("quote");
    return resolver.resolveCircuitBreakerName("quotes",
        new Target.HardCodedTarget<>(ServletAppTest.QuotesClient.class, "quotes",
            "http://127.0.0.1"), quote);
  }

  @Test
  void byDefaultTheClientNamesTheConnection() {
    runner.run(context -> assertThat(name(context.getBean(CircuitBreakerNameResolver.class)))
        .isEqualTo("quotes"));
  }

  @Test
  void methodNamesOneConnectionPerMethod() {
    runner.withPropertyValues("spring.cloud.openfeign.circuitbreaker.brama-names=method").run(context ->
        assertThat(name(context.getBean(CircuitBreakerNameResolver.class)))
            .isEqualTo("quotes.quote"));
  }

  @Test
  void openfeignLeavesOpenFeignsOwnNames() {
    runner.withPropertyValues("spring.cloud.openfeign.circuitbreaker.brama-names=openfeign").run(context -> {
      assertThat(context).doesNotHaveBean(BramaCircuitBreakerNameResolver.class);
      assertThat(name(context.getBean(CircuitBreakerNameResolver.class)))
          .isEqualTo("QuotesClientquote");
    });
  }

  @Test
  void theNamingIsRequired() {
    assertThatThrownBy(() -> new BramaCircuitBreakerNameResolver(null))
        .isInstanceOf(NullPointerException.class).hasMessage("naming");
  }
}
